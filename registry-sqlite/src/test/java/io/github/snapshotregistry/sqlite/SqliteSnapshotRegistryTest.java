package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotRegistryTest {

    @TempDir
    Path folder;

    @Test
    void putGetInvalidateAndEvictLeastRecentlyUsed() {
        List<Eviction> delivered = new ArrayList<>();
        RegistryConfig config = RegistryConfig.builder().maxEntries(2).evictionListener(delivered::add).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("r.db"), config)) {
            registry.put("a", SnapshotId.of("A"));
            registry.put("b", SnapshotId.of("B"));
            assertEquals(Optional.of(SnapshotId.of("A")), registry.get("a"));
            registry.put("c", SnapshotId.of("C"));
            assertEquals(List.of(new Eviction("b", SnapshotId.of("B"), 1, RemovalCause.CAPACITY)), delivered);
            assertEquals(Optional.of(SnapshotId.of("C")), registry.invalidate("c"));
            assertEquals(1, registry.size());
        }
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("r.db"), config)) {
            assertEquals(Optional.of(SnapshotId.of("A")), registry.peek("a"));
            assertEquals(List.of(), registry.checkStorage());
        }
    }
}
