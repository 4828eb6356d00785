package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code invalidateAll} on SQLite removes the entries in batches, each its own write transaction.
 * {@code -Dsnapshotregistry.million=true} also removes 1 000 000 entries and prints the figures
 * (run it with {@code -Xmx256m} to see that memory does not grow with the registry).
 */
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

    @Test
    @EnabledIfSystemProperty(named = "snapshotregistry.million", matches = "true")
    void aMillionEntriesAreRemovedWithTheWriteLockHeldOneBatchAtATime() throws SQLException {
        Path file = FilledFile.create(folder.resolve("million.db"), 1_000_000);
        long[] deliveries = {0};
        long[] last = {0};
        long[] longestGap = {0};
        RegistryConfig config = RegistryConfig.builder().maxEntries(Long.MAX_VALUE).evictionListener(eviction -> {
            long now = System.nanoTime();
            if (deliveries[0]++ > 0) {
                longestGap[0] = Math.max(longestGap[0], now - last[0]);
            }
            last[0] = now;
        }).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config)) {
            long start = System.nanoTime();

            registry.invalidateAll();

            long took = System.nanoTime() - start;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf("invalidateAll of 1 000 000 entries: %d ms; longest gap between two deliveries"
                            + " (one batch's write transaction and more) %d ms; peak heap %d MB of %d MB%n",
                    took / 1_000_000, longestGap[0] / 1_000_000, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
            assertEquals(0, registry.size());
            assertEquals(1_000_000, deliveries[0]);
        }
    }
}
