package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.StoredSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile} on SQLite joins the store's listing, loaded in batches, with the file. */
class ReconcileTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aStoreOfSeveralBatchesGivesTheOrphansInItsOrderAndTheMissingLeastRecentlyUsedFirst() {
        RegistryConfig config = RegistryConfig.builder().maxEntries(10_000).clock(InstantSource.fixed(NOW)).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"), config)) {
            IntStream.range(0, 1_500).forEach(i -> registry.put("key " + i, SnapshotId.of("mapped " + i)));
            // The store holds the even ids 0 to 2 498 ("mapped 1500" and up are not) and as many others.
            Stream<StoredSnapshot> store = IntStream.range(0, 2_500).mapToObj(i -> i % 2 == 0
                    ? stored("mapped " + i, Duration.ofHours(2))
                    : stored("unmapped " + (2_500 - i), Duration.ofHours(2)));
            Stream<StoredSnapshot> young = Stream.of(stored("young", Duration.ofMinutes(59)),
                    stored("exactly the grace period old", Duration.ofHours(1)), stored("mapped 0", Duration.ZERO));

            Reconciliation found = registry.reconcile(Stream.concat(store, young), Duration.ofHours(1));

            List<SnapshotId> orphans = Stream.concat(IntStream.range(0, 2_500).filter(i -> i % 2 == 1 || i >= 1_500)
                            .mapToObj(i -> SnapshotId.of(i % 2 == 0 ? "mapped " + i : "unmapped " + (2_500 - i))),
                    Stream.of(SnapshotId.of("exactly the grace period old"))).toList();
            List<String> missing = IntStream.range(0, 1_500).filter(i -> i % 2 == 1).mapToObj(i -> "key " + i).toList();
            assertEquals(orphans, found.orphans());
            assertEquals(missing, found.missing().stream().map(RegistryEntry::key).toList());
            assertEquals(1_500, registry.size(), "nothing changed");
        }
    }

    private static StoredSnapshot stored(String id, Duration age) {
        return new StoredSnapshot(SnapshotId.of(id), NOW.minus(age));
    }
}
