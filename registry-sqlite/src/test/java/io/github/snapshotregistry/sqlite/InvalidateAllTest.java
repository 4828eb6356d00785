package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code invalidateAll} on SQLite removes the entries in batches, each its own write transaction. */
class InvalidateAllTest {

    @TempDir
    Path folder;

    @Test
    void itCommitsBatchesOfAThousandLeastRecentlyUsedFirstAndAnotherRegistryWritesBetweenThem() {
        Path file = folder.resolve("registry.db");
        List<Eviction> delivered = new ArrayList<>();
        List<Long> sizeSeenByTheOtherAtEachBatch = new ArrayList<>();
        AtomicReference<SnapshotRegistry> other = new AtomicReference<>();
        RegistryConfig config = RegistryConfig.builder().maxEntries(10_000).evictionListener(eviction -> {
            if (delivered.size() % 1_000 == 0) {
                sizeSeenByTheOtherAtEachBatch.add(other.get().size());
                if (delivered.isEmpty()) {
                    other.get().put("written during it", SnapshotId.of("new"));
                }
            }
            delivered.add(eviction);
        }).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config);
                SqliteSnapshotRegistry second = SqliteSnapshotRegistry.open(file,
                        RegistryConfig.builder().maxEntries(10_000).build())) {
            other.set(second);
            IntStream.range(0, 2_500).forEach(i -> registry.put("key " + i, SnapshotId.of("id " + i)));

            registry.invalidateAll();

            assertEquals(List.of(1_500L, 501L, 1L), sizeSeenByTheOtherAtEachBatch,
                    "after each batch's commit, the other registry sees the entries not yet removed"
                            + " and the one it wrote");
            assertEquals(IntStream.range(0, 2_500).mapToObj(i -> new Eviction("key " + i, SnapshotId.of("id " + i), 1,
                    RemovalCause.EXPLICIT)).toList(), delivered, "least recently used first");
            assertEquals(Optional.of(SnapshotId.of("new")), registry.peek("written during it"));
            assertEquals(1, registry.size());
        }
    }
}
