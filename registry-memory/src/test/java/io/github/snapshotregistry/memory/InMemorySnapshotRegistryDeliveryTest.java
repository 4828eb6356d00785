package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How this adapter claims, offers and keeps evictions when several threads are involved. */
class InMemorySnapshotRegistryDeliveryTest {

    private static final long TIMEOUT_SECONDS = 10;
    private static final SnapshotId A = SnapshotId.of("a");
    private static final SnapshotId B = SnapshotId.of("b");
    private static final SnapshotId C = SnapshotId.of("c");

    private final ExecutorService other = Executors.newSingleThreadExecutor();
    private final List<Eviction> offered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void stopTheOtherThread() {
        released.countDown();
        other.shutdownNow();
    }

    @Test
    void aListenerMayWaitForAnotherThreadThatCallsTheRegistry() throws Exception {
        AtomicReference<SnapshotRegistry> registry = new AtomicReference<>();
        AtomicLong pendingSeen = new AtomicLong(-1);
        AtomicReference<Optional<SnapshotId>> bSeen = new AtomicReference<>();
        AtomicBoolean answered = new AtomicBoolean();
        EvictionListener listener = eviction -> {
            Future<?> call = other.submit(() -> {
                pendingSeen.set(registry.get().pendingEvictions());
                bSeen.set(registry.get().get("b"));
            });
            call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            answered.set(true);
        };
        registry.set(new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(1).evictionListener(listener).build()));

        registry.get().put("a", A);
        registry.get().put("b", B);

        assertTrue(answered.get(), "the other thread's calls did not return while the listener waited");
        assertEquals(1, pendingSeen.get(), "an eviction being offered still counts as pending");
        assertEquals(Optional.of(B), bSeen.get());
        assertEquals(0, registry.get().pendingEvictions());
    }

    @Test
    void anEvictionBeingRetriedByOneThreadIsNotOfferedByAnotherAtTheSameTime() throws Exception {
        SnapshotRegistry registry = registry(1, eviction -> {
            offered.add(eviction);
            switch (calls.incrementAndGet()) {
                case 1 -> throw new Exception("refused");
                case 2 -> blockUntilReleased();
                default -> {}
            }
        });
        registry.put("k1", A);
        registry.put("k2", B);
        assertEquals(1, registry.pendingEvictions());

        Future<Integer> retry = other.submit(registry::deliverPendingEvictions);
        assertTrue(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the retry never reached the listener");

        assertEquals(0, registry.deliverPendingEvictions());
        assertEquals(1, registry.pendingEvictions());
        assertEquals(List.of(new Eviction("k1", A, 1, RemovalCause.CAPACITY)), registry.listPendingEvictions());
        released.countDown();
        assertEquals(1, retry.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, registry.pendingEvictions());
        assertEquals(2, offered.size(), offered::toString);
    }

    @Test
    void anOperationsOwnEvictionIsNotOfferedByAnotherThreadWhileTheOperationOffersIt() throws Exception {
        SnapshotRegistry registry = registry(1, eviction -> {
            offered.add(eviction);
            blockUntilReleased();
        });
        registry.put("k1", A);

        Future<?> put = other.submit(() -> registry.put("k2", B));
        assertTrue(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the put never reached the listener");

        assertEquals(1, registry.pendingEvictions());
        assertEquals(0, registry.deliverPendingEvictions());
        released.countDown();
        put.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of(new Eviction("k1", A, 1, RemovalCause.CAPACITY)), offered);
        assertEquals(0, registry.pendingEvictions());
    }

    @Test
    void acceptingAnEvictionWhoseIdWasStoredAndRemovedAgainMeanwhileLeavesTheNewerEvictionPending() {
        AtomicReference<SnapshotRegistry> registry = new AtomicReference<>();
        AtomicLong pendingAfterPut = new AtomicLong(-1);
        registry.set(registry(10, eviction -> {
            if (calls.incrementAndGet() != 2) {
                throw new Exception("refused");
            }
            registry.get().put("k", A);
            pendingAfterPut.set(registry.get().pendingEvictions());
            registry.get().invalidate("k");
        }));
        registry.get().put("k", A);
        registry.get().invalidate("k");

        assertEquals(1, registry.get().deliverPendingEvictions());

        assertEquals(0, pendingAfterPut.get(), "storing the id again cancels its eviction");
        assertEquals(List.of(new Eviction("k", A, 1, RemovalCause.EXPLICIT)), registry.get().listPendingEvictions());
        assertEquals(3, calls.get());
    }

    @Test
    void aPutOfAnIdThatAnotherThreadsListenerHoldsWaitsUntilTheListenerReturns() throws Exception {
        AtomicReference<SnapshotRegistry> registry = new AtomicReference<>();
        AtomicReference<Optional<SnapshotId>> mappedWhenTheListenerReturned = new AtomicReference<>();
        registry.set(registry(10, eviction -> {
            blockUntilReleased();
            mappedWhenTheListenerReturned.set(registry.get().peek("k2"));
        }));
        registry.get().put("k1", A);
        Future<?> invalidate = other.submit(() -> registry.get().invalidate("k1"));
        assertTrue(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the invalidate never reached the listener");

        Thread putter = new Thread(() -> registry.get().put("k2", A));
        putter.start();
        Thread.State state = waitingOrTerminated(putter);

        assertNotEquals(Thread.State.TERMINATED, state, "the put returned while the listener held its id");
        assertEquals(Optional.empty(), registry.get().peek("k2"));
        released.countDown();
        invalidate.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        putter.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertFalse(putter.isAlive(), "the put still waits after the listener returned");
        assertEquals(Optional.empty(), mappedWhenTheListenerReturned.get());
        assertEquals(Optional.of(A), registry.get().peek("k2"));
        assertEquals(0, registry.get().pendingEvictions());
    }

    @Test
    void aPutWaitingForAnOfferThrowsIllegalStateWhenTheRegistryCloses() throws Exception {
        SnapshotRegistry registry = registry(10, eviction -> blockUntilReleased());
        registry.put("k1", A);
        Future<?> invalidate = other.submit(() -> registry.invalidate("k1"));
        assertTrue(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the invalidate never reached the listener");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread putter = new Thread(() -> {
            try {
                registry.put("k2", A);
            } catch (Throwable failure) {
                thrown.set(failure);
            }
        });
        putter.start();
        assertNotEquals(Thread.State.TERMINATED, waitingOrTerminated(putter), "the put did not wait");

        registry.close();
        putter.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));

        assertFalse(putter.isAlive(), "the put still waits after close");
        assertInstanceOf(IllegalStateException.class, thrown.get());
        released.countDown();
        invalidate.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aPutOfTheOfferedIdInsideTheListenerDoesNotWaitForItself() {
        AtomicReference<SnapshotRegistry> registry = new AtomicReference<>();
        registry.set(registry(10, eviction -> registry.get().put("k2", eviction.snapshotId())));
        registry.get().put("k1", A);

        registry.get().invalidate("k1");

        assertEquals(Optional.of(A), registry.get().peek("k2"));
        assertEquals(0, registry.get().pendingEvictions());
    }

    /** Polls a thread's state, without sleeping, until it waits or has ended (a hang fails after a bound). */
    private static Thread.State waitingOrTerminated(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.BLOCKED || state == Thread.State.TERMINATED) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the thread neither waited nor ended within " + TIMEOUT_SECONDS + " s: " + state);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void anErrorFromTheListenerLeavesTheOperationsLaterEvictionsPendingForTheNextRetry() {
        AssertionError error = new AssertionError("listener broke");
        SnapshotRegistry registry = registry(10, eviction -> {
            if (calls.incrementAndGet() == 1) {
                throw error;
            }
            offered.add(eviction);
        });
        registry.put("k1", A);
        registry.put("k2", B);
        registry.put("k3", C);

        assertSame(error, assertThrows(AssertionError.class, registry::invalidateAll));

        assertEquals(0, registry.size(), "the change is committed before the listener runs");
        assertEquals(3, registry.pendingEvictions());
        assertEquals(3, registry.deliverPendingEvictions());
        assertEquals(List.of(A, B, C), offered.stream().map(Eviction::snapshotId).toList());
    }

    @Test
    void aListenerInterruptedLeavesItsEvictionPendingAndTheThreadInterrupted() {
        SnapshotRegistry registry = registry(10, eviction -> {
            throw new InterruptedException("stop");
        });
        registry.put("k", A);

        registry.invalidate("k");

        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
        assertEquals(1, registry.pendingEvictions());
    }

    private static SnapshotRegistry registry(long maxEntries, EvictionListener listener) {
        return new InMemorySnapshotRegistry(
                RegistryConfig.builder().maxEntries(maxEntries).evictionListener(listener).build());
    }

    private void blockUntilReleased() throws InterruptedException {
        entered.countDown();
        if (!released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the test never released the listener");
        }
    }
}
