package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MemoryRegistryProviderTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder().maxEntries(10).build();

    @Test
    void theUriMemoryOpensAnEmptyInMemoryRegistry() {
        try (SnapshotRegistry registry = SnapshotRegistries.open("memory:", CONFIG)) {
            assertInstanceOf(InMemorySnapshotRegistry.class, registry);
            assertEquals(0, registry.size());
        }
    }

    @Test
    void theProviderIsFoundByServiceLoaderUnderTheSchemeMemory() {
        assertTrue(SnapshotRegistries.schemes().contains("memory"), SnapshotRegistries.schemes()::toString);
        assertEquals("memory", new MemoryRegistryProvider().scheme());
    }

    @Test
    void everyOpenMakesARegistryOfItsOwn() {
        try (SnapshotRegistry first = SnapshotRegistries.open("memory:", CONFIG);
                SnapshotRegistry second = SnapshotRegistries.open("MEMORY:", CONFIG)) {
            first.put("k", SnapshotId.of("a"));

            assertEquals(Optional.empty(), second.peek("k"));
        }
    }

    @Test
    void aLocationIsRejectedWithAMessageThatSaysMemoryTakesNone() {
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotRegistries.open("memory:/tmp/reg.db", CONFIG));

        assertEquals("a memory registry takes no location: expected the URI memory:, was memory:/tmp/reg.db",
                e.getMessage());
    }

    @Test
    void aNullConfigIsNamed() {
        var e = assertThrows(NullPointerException.class, () -> new MemoryRegistryProvider().open("", null));

        assertEquals("config must not be null", e.getMessage());
    }

    @Test
    void inspectOpensAnEmptyRegistryWhoseReadsWork() {
        try (SnapshotRegistry registry = SnapshotRegistries.inspect("memory:")) {
            assertEquals(0, registry.size());
            assertEquals(Optional.empty(), registry.peek("k"));
            assertEquals(List.of(), registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST).toList());
            assertEquals(Optional.empty(), registry.storageSchema());
            SnapshotId stored = SnapshotId.of("a");
            assertEquals(List.of(stored), registry.reconcile(
                    Stream.of(new StoredSnapshot(stored, Instant.EPOCH)), Duration.ofHours(1)).orphans());
        }
    }

    @Test
    void anInspectedRegistryRefusesEveryWrite() {
        try (SnapshotRegistry registry = SnapshotRegistries.inspect("memory:")) {
            SnapshotId id = SnapshotId.of("a");
            List<Runnable> writes = List.of(
                    () -> registry.get("k"),
                    () -> registry.put("k", id),
                    () -> registry.put("k", id, 1),
                    () -> registry.computeIfAbsent("k", key -> id),
                    () -> registry.invalidate("k"),
                    () -> registry.invalidate("k", id),
                    registry::invalidateAll,
                    registry::cleanUp,
                    registry::deliverPendingEvictions);
            for (Runnable write : writes) {
                var e = assertThrows(UnsupportedOperationException.class, write::run);
                assertEquals("this memory registry was opened for inspection only", e.getMessage());
            }
            assertEquals(0, registry.size());
        }
    }

    @Test
    void aClosedInspectedRegistryThrowsIllegalStateException() {
        SnapshotRegistry registry = SnapshotRegistries.inspect("memory:");
        registry.close();

        assertThrows(IllegalStateException.class, () -> registry.put("k", SnapshotId.of("a")));
        assertThrows(IllegalStateException.class, registry::size);
    }

    @Test
    void inspectRejectsALocationLikeOpen() {
        assertThrows(IllegalArgumentException.class, () -> SnapshotRegistries.inspect("memory:/tmp/reg.db"));
    }
}
