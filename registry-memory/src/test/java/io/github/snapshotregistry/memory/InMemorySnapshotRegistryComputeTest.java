package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.tck.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When this adapter's computeIfAbsent delivers, and how it guards against a creator that would wait for itself. */
class InMemorySnapshotRegistryComputeTest {

    private final InMemorySnapshotRegistry registry =
            new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(5).build());

    @Test
    void aCreatorCallingComputeIfAbsentForItsOwnKeyIsToldSoInsteadOfWaitingForever() {
        AtomicReference<IllegalStateException> inner = new AtomicReference<>();

        SnapshotId created = registry.computeIfAbsent("k", key -> {
            inner.set(assertThrows(IllegalStateException.class,
                    () -> registry.computeIfAbsent("k", again -> SnapshotId.of("inner"))));
            return SnapshotId.of("outer");
        });

        assertEquals("the creator for key k called computeIfAbsent for that key", inner.get().getMessage());
        assertEquals(SnapshotId.of("outer"), created);
        assertEquals(Optional.of(SnapshotId.of("outer")), registry.peek("k"));
        assertEquals(new RegistryStats(0, 2, 1, 0, 0), registry.stats());
    }

    @Test
    void theRemovalOfAnExpiredEntryIsDeliveredBeforeTheCreatorRunsSoStoringTheSameIdAgainDoesNotCancelIt() {
        ManualClock clock = ManualClock.startingAt(Instant.parse("2030-01-01T00:00:00Z"));
        List<Eviction> delivered = new ArrayList<>();
        InMemorySnapshotRegistry expiring = new InMemorySnapshotRegistry(RegistryConfig.builder()
                .maxEntries(5)
                .expireAfterAccess(Duration.ofMillis(10))
                .clock(clock)
                .evictionListener(delivered::add)
                .build());
        expiring.put("k", SnapshotId.of("same"));
        clock.advance(Duration.ofMillis(10));
        List<Eviction> seenByCreator = new ArrayList<>();

        expiring.computeIfAbsent("k", key -> {
            seenByCreator.addAll(delivered);
            return SnapshotId.of("same");
        });

        Eviction expired = new Eviction("k", SnapshotId.of("same"), 1, RemovalCause.EXPIRED);
        assertEquals(List.of(expired), seenByCreator);
        assertEquals(List.of(expired), delivered);
        assertEquals(new RegistryStats(0, 1, 2, 1, 1), expiring.stats());
    }

    @Test
    void aCreatorMayComputeOtherKeys() {
        SnapshotId created = registry.computeIfAbsent("outer", key ->
                SnapshotId.of("with-" + registry.computeIfAbsent("inner", other -> SnapshotId.of("i")).value()));

        assertEquals(SnapshotId.of("with-i"), created);
        assertEquals(Optional.of(SnapshotId.of("i")), registry.peek("inner"));
    }

    @Test
    void aCreatorExceptionReachesTheCallerUnchangedAndStoresNothing() {
        IllegalStateException failure = new IllegalStateException("no snapshot today");

        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> registry.computeIfAbsent("k", key -> {
                    throw failure;
                })));

        assertEquals(0, registry.size());
        assertEquals(SnapshotId.of("later"), registry.computeIfAbsent("k", key -> SnapshotId.of("later")));
    }
}
