package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight flights = new SingleFlight();
    private final AtomicInteger created = new AtomicInteger();

    @Test
    void aCreatorAskingForItsOwnKeyGetsAnIllegalStateExceptionNamingTheKey() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> flights.fly("k'1",
                () -> new SingleFlight.Created(flights.fly("k'1", () -> null), () -> { })));

        assertEquals("the creator for key k'1 called computeIfAbsent for that key", thrown.getMessage());
    }

    @Test
    void aCallerArrivingDuringACreationSharesItsIdBeforeTheCreatorRunsThen() throws Exception {
        SnapshotId id = SnapshotId.of("snap-1");
        CompletableFuture<SnapshotId> theirs = new CompletableFuture<>();
        SnapshotId[] seenByThen = new SnapshotId[1];

        SnapshotId mine = flights.fly("k", () -> {
            created.incrementAndGet();
            waitingFor("k", theirs);
            return new SingleFlight.Created(id, () -> seenByThen[0] = theirs.join());
        });

        assertSame(id, mine);
        assertSame(id, seenByThen[0], "the waiting caller has the id before then runs");
        assertEquals(1, created.get(), "the waiting caller must not create");
    }

    @Test
    void aWaitingCallerGetsTheVeryExceptionTheCreatorThrew() {
        IllegalArgumentException failure = new IllegalArgumentException("no snapshot");
        CompletableFuture<SnapshotId> theirs = new CompletableFuture<>();

        assertSame(failure, assertThrows(IllegalArgumentException.class, () -> flights.fly("k", () -> {
            waitingFor("k", theirs);
            throw failure;
        })));

        ExecutionException shared = assertThrows(ExecutionException.class, theirs::get);
        assertSame(failure, shared.getCause());
        assertEquals(0, created.get(), "the waiting caller must not create");
    }

    @Test
    void computeIfAbsentReadsTheKeyAgainAsTheCreatorAndCallsNoCreatorForAKeyStoredMeanwhile() {
        Statistics statistics = new Statistics();
        List<String> reads = new ArrayList<>();
        SnapshotId storedMeanwhile = SnapshotId.of("theirs");

        SnapshotId id = flights.computeIfAbsent("k", key -> {
            throw new AssertionError("creator called");
        }, statistics, key -> {
            reads.add(key);
            return reads.size() == 1 ? Optional.empty() : Optional.of(storedMeanwhile);
        }, (key, created) -> {
            throw new AssertionError("stored");
        });

        assertSame(storedMeanwhile, id);
        assertEquals(List.of("k", "k"), reads);
        assertEquals(new RegistryStats(0, 1, 0, 0, 0), statistics.read());
    }

    @Test
    void computeIfAbsentRefusesACreatorThatReturnsNullNamingTheKeyAndStoresNothing() {
        Statistics statistics = new Statistics();

        NullPointerException thrown = assertThrows(NullPointerException.class, () -> flights.computeIfAbsent("k",
                key -> null, statistics, key -> Optional.empty(), (key, created) -> {
                    throw new AssertionError("stored");
                }));

        assertEquals("creator returned null for key k", thrown.getMessage());
    }

    @Test
    void computeIfAbsentStoresTheCreatedIdAndRunsWhatTheStoreAnswersAfterwards() {
        Statistics statistics = new Statistics();
        List<String> steps = new ArrayList<>();

        SnapshotId id = flights.computeIfAbsent("k", key -> SnapshotId.of("made-" + key), statistics,
                key -> Optional.empty(), (key, created) -> {
                    steps.add("store " + key + " " + created.value());
                    return () -> steps.add("deliver");
                });

        assertEquals(SnapshotId.of("made-k"), id);
        assertEquals(List.of("store k made-k", "deliver"), steps);
    }

    /** Starts a thread that asks for the key, and returns once it waits for the creation under way. */
    private void waitingFor(String key, CompletableFuture<SnapshotId> answer) {
        Thread thread = new Thread(() -> {
            try {
                answer.complete(flights.fly(key, () -> {
                    created.incrementAndGet();
                    return new SingleFlight.Created(SnapshotId.of("other"), () -> { });
                }));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        thread.start();
        while (thread.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
    }
}
