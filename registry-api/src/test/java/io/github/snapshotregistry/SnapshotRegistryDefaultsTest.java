package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnapshotRegistryDefaultsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofHours(1);
    private static final SnapshotId A = SnapshotId.of("a");
    private static final SnapshotId B = SnapshotId.of("b");
    private static final SnapshotId C = SnapshotId.of("c");

    private final MapRegistry registry = MapRegistry.at(NOW);

    private static StoredSnapshot stored(SnapshotId id, Duration age) {
        return new StoredSnapshot(id, NOW.minus(age));
    }

    private Reconciliation reconcile(StoredSnapshot... store) {
        return registry.reconcile(Stream.of(store), GRACE);
    }

    @Nested
    class StreamEntries {

        @Test
        void leastRecentFirstIsTheOrderOfEntries() {
            registry.put("k1", A);
            registry.put("k2", B);
            registry.get("k1");

            assertEquals(registry.entries(), registry.streamEntries(RecencyOrder.LEAST_RECENT_FIRST).toList());
            assertEquals(List.of("k2", "k1"), keys(RecencyOrder.LEAST_RECENT_FIRST));
        }

        @Test
        void mostRecentFirstIsTheReverse() {
            registry.put("k1", A);
            registry.put("k2", B);
            registry.put("k3", C);

            assertEquals(List.of("k3", "k2", "k1"), keys(RecencyOrder.MOST_RECENT_FIRST));
        }

        @Test
        void anEmptyRegistryStreamsNothingEitherWay() {
            assertEquals(List.of(), keys(RecencyOrder.MOST_RECENT_FIRST));
            assertEquals(List.of(), keys(RecencyOrder.LEAST_RECENT_FIRST));
        }

        @Test
        void aNullOrderIsNamed() {
            assertEquals("order must not be null",
                    assertThrows(NullPointerException.class, () -> registry.streamEntries(null)).getMessage());
        }

        @Test
        void aClosedRegistryThrowsBeforeCheckingTheOrder() {
            registry.close();
            assertThrows(IllegalStateException.class, () -> registry.streamEntries(null));
        }

        private List<String> keys(RecencyOrder order) {
            try (Stream<RegistryEntry> entries = registry.streamEntries(order)) {
                return entries.map(RegistryEntry::key).toList();
            }
        }
    }

    @Nested
    class InvalidateIfMapped {

        @Test
        void removesTheEntryWhenTheKeyMapsTheId() {
            registry.put("k", A);

            assertTrue(registry.invalidate("k", A));
            assertEquals(Optional.empty(), registry.peek("k"));
            assertEquals(List.of(new Eviction("k", A, 1, RemovalCause.EXPLICIT)), registry.listPendingEvictions());
        }

        @Test
        void keepsAKeyThatMapsAnotherId() {
            registry.put("k", B);

            assertFalse(registry.invalidate("k", A));
            assertEquals(Optional.of(B), registry.peek("k"));
            assertEquals(0, registry.pendingEvictions());
        }

        @Test
        void anAbsentKeyIsNotRemoved() {
            assertFalse(registry.invalidate("k", A));
        }

        @Test
        void nullArgumentsAreNamedAndChangeNothing() {
            registry.put("k", A);

            assertEquals("key must not be null",
                    assertThrows(NullPointerException.class, () -> registry.invalidate(null, A)).getMessage());
            assertEquals("id must not be null",
                    assertThrows(NullPointerException.class, () -> registry.invalidate("k", null)).getMessage());
            assertEquals(Optional.of(A), registry.peek("k"));
        }

        @Test
        void aClosedRegistryThrowsBeforeCheckingArguments() {
            registry.close();
            assertThrows(IllegalStateException.class, () -> registry.invalidate(null, null));
        }
    }

    @Nested
    class Reconcile {

        @Test
        void anUnmappedIdAtLeastTheGracePeriodOldIsAnOrphan() {
            Reconciliation found = reconcile(stored(A, GRACE), stored(B, GRACE.plusDays(1)));

            assertEquals(List.of(A, B), found.orphans());
            assertEquals(List.of(), found.missing());
        }

        @Test
        void anIdYoungerThanTheGracePeriodIsNeverAnOrphan() {
            Reconciliation found = reconcile(
                    stored(A, GRACE.minusNanos(1)), stored(B, Duration.ZERO), stored(C, Duration.ofHours(-5)));

            assertEquals(List.of(), found.orphans());
        }

        @Test
        void aZeroGracePeriodMakesEveryUnmappedIdOfThePastAnOrphan() {
            Reconciliation found = registry.reconcile(
                    Stream.of(stored(A, Duration.ZERO), stored(B, Duration.ofMillis(-1))), Duration.ZERO);

            assertEquals(List.of(A), found.orphans());
        }

        @Test
        void aMappedIdIsNotAnOrphanWhileAnyKeyMapsIt() {
            registry.put("k1", A);
            registry.put("k2", A);

            assertEquals(List.of(), reconcile(stored(A, Duration.ofDays(9))).orphans());
        }

        @Test
        void thePendingEvictionsIdsAreNotOrphans() {
            registry.put("k", A);
            registry.invalidate("k");

            assertEquals(List.of(), reconcile(stored(A, Duration.ofDays(9))).orphans());
        }

        @Test
        void pendingEvictionsThatCannotBeListedAreUnsupported() {
            MapRegistry unlistable = new MapRegistry(false);
            unlistable.put("k", A);
            unlistable.invalidate("k");

            assertThrows(UnsupportedOperationException.class, () -> unlistable.reconcile(Stream.of(), GRACE));
        }

        @Test
        void withoutPendingEvictionsAnAdapterThatCannotListThemReconciles() {
            MapRegistry unlistable = new MapRegistry(false);
            unlistable.put("k", A);

            assertEquals(List.of(A), unlistable.reconcile(Stream.of(), GRACE).missing().stream()
                    .map(RegistryEntry::snapshotId).toList());
        }

        @Test
        void missingAreTheEntriesWhoseIdTheStoreDoesNotListLeastRecentFirst() {
            registry.put("k1", A);
            registry.put("k2", B);
            registry.put("k3", C);
            registry.put("k4", A);
            registry.get("k1");

            Reconciliation found = reconcile(stored(B, Duration.ZERO));

            assertEquals(List.of("k3", "k4", "k1"), found.missing().stream().map(RegistryEntry::key).toList());
        }

        @Test
        void anIdListedTwiceIsOneOrphan() {
            assertEquals(List.of(A), reconcile(stored(A, GRACE), stored(A, GRACE)).orphans());
        }

        @Test
        void changesNothingAndLeavesTheStoreOpen() {
            registry.put("k1", A);
            registry.put("k2", B);
            registry.invalidate("k2");
            List<RegistryEntry> entries = registry.entries();
            List<Eviction> pending = registry.listPendingEvictions();
            AtomicBoolean closed = new AtomicBoolean();

            registry.reconcile(Stream.of(stored(C, GRACE)).onClose(() -> closed.set(true)), GRACE);

            assertEquals(entries, registry.entries());
            assertEquals(pending, registry.listPendingEvictions());
            assertFalse(closed.get());
        }

        @Test
        void aGracePeriodLongerThanTimeFindsNoOrphan() {
            Reconciliation found = registry.reconcile(
                    Stream.of(new StoredSnapshot(A, Instant.MIN)), Duration.ofSeconds(Long.MAX_VALUE));

            assertEquals(List.of(), found.orphans());
        }

        @Test
        void badArgumentsAreRejected() {
            assertEquals("store must not be null",
                    assertThrows(NullPointerException.class, () -> registry.reconcile(null, GRACE)).getMessage());
            assertEquals("gracePeriod must not be null",
                    assertThrows(NullPointerException.class, () -> registry.reconcile(Stream.of(), null)).getMessage());
            assertEquals("gracePeriod must not be negative, was PT-1S",
                    assertThrows(IllegalArgumentException.class,
                            () -> registry.reconcile(Stream.of(), Duration.ofSeconds(-1))).getMessage());
            assertEquals("store must not hold null",
                    assertThrows(NullPointerException.class,
                            () -> registry.reconcile(Stream.of((StoredSnapshot) null), GRACE)).getMessage());
        }

        @Test
        void aClosedRegistryThrowsBeforeCheckingArguments() {
            registry.close();
            assertThrows(IllegalStateException.class, () -> registry.reconcile(null, null));
        }
    }

    @Test
    void byDefaultTheStorageHasNoSchema() {
        assertEquals(Optional.empty(), registry.storageSchema());
        registry.close();
        assertThrows(IllegalStateException.class, registry::storageSchema);
    }

    @Test
    void byDefaultTheClockIsTheSystemClock() {
        assertSame(InstantSource.system(), new MapRegistry(true).clock());
    }
}
