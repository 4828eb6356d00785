package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What this adapter does with the configuration's default weigher and listener, which it does not call. */
class InMemorySnapshotRegistryDefaultsTest {

    @Test
    void withTheDefaultListenerEvictionsAreCountedButNonePending() {
        InMemorySnapshotRegistry registry = new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(1).build());
        registry.put("k1", SnapshotId.of("a"));

        registry.put("k2", SnapshotId.of("b"));
        registry.invalidate("k2");

        assertEquals(new RegistryStats(0, 0, 2, 1, 1), registry.stats());
        assertEquals(0, registry.pendingEvictions());
        assertEquals(List.of(), registry.listPendingEvictions());
        assertEquals(0, registry.deliverPendingEvictions());
    }

    @Test
    void withTheDefaultWeigherEveryEntryWeighsOneAgainstMaxWeight() {
        InMemorySnapshotRegistry registry = new InMemorySnapshotRegistry(RegistryConfig.builder().maxWeight(2).build());
        registry.put("k1", SnapshotId.of("a"));
        registry.put("k2", SnapshotId.of("b"));

        registry.put("k3", SnapshotId.of("c"));

        assertEquals(2, registry.totalWeight());
        assertEquals(List.of("k2", "k3"), registry.entries().stream().map(entry -> entry.key()).toList());
        assertEquals(Optional.empty(), registry.peek("k1"));
    }
}
