package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * An instance searches for the least recently used entry from the last entry it evicted on, as
 * nothing is numbered below it. Only a committed eviction may move that start: the victims of a
 * write that rolled back are back in the registry, and the next eviction must find them. An
 * eviction that finds nothing from there while entries are left searches again from the first.
 */
class EvictionSearchTest {

    private final EmbeddedDatabase database = EmbeddedDatabase.create();
    private final List<Eviction> delivered = new CopyOnWriteArrayList<>();

    @Test
    void theVictimsOfARolledBackWriteAreEvictedFirstAfterwards() {
        try (PostgresSnapshotRegistry registry = open(RegistryConfig.builder().maxWeight(3))) {
            registry.put("a", SnapshotId.of("1"), 1);
            registry.put("b", SnapshotId.of("2"), 1);
            registry.put("c", SnapshotId.of("3"), 1);
            try (Handle handle = Jdbi.open(database.dataSource())) {
                handle.execute("ALTER TABLE snapshot_registry.registry ADD CONSTRAINT fails_on_two_pending"
                        + " CHECK (pending_count < 2)");
                assertThrows(RegistryException.class, () -> registry.put("d", SnapshotId.of("4"), 2),
                        "the put evicting a and b writes a pending count of 2 and must be rolled back");
                handle.execute("ALTER TABLE snapshot_registry.registry DROP CONSTRAINT fails_on_two_pending");
            }

            registry.put("e", SnapshotId.of("5"), 1);

            assertAll(
                    () -> assertEquals(List.of(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.CAPACITY)), delivered),
                    () -> assertEquals(List.of("b", "c", "e"), registry.entries().stream().map(RegistryEntry::key).toList()),
                    () -> assertEquals(List.of(), registry.checkStorage()));
        }
    }

    @Test
    void entriesNumberedBelowTheStartAreStillEvicted() {
        try (PostgresSnapshotRegistry registry = open(RegistryConfig.builder().maxEntries(2))) {
            for (int i = 0; i < 10; i++) {
                registry.put("old " + i, SnapshotId.of("old " + i));
            }
            registry.invalidateAll();
            try (Handle handle = Jdbi.open(database.dataSource())) {
                handle.execute("SELECT setval('snapshot_registry.access_seq', 1, false)");
            }
            delivered.clear();

            assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
                registry.put("x", SnapshotId.of("1"));
                registry.put("y", SnapshotId.of("2"));
                registry.put("z", SnapshotId.of("3"));
            }, "the eviction searched only above the numbers the sequence gives now");
            assertAll(
                    () -> assertEquals(List.of(new Eviction("x", SnapshotId.of("1"), 1, RemovalCause.CAPACITY)), delivered),
                    () -> assertEquals(List.of("y", "z"), registry.entries().stream().map(RegistryEntry::key).toList()));
        }
    }

    /** A registry with these bounds on this test's database, delivering to {@link #delivered}. */
    private PostgresSnapshotRegistry open(RegistryConfig.Builder bounds) {
        return PostgresSnapshotRegistry.open(database.dataSource(), bounds.evictionListener(delivered::add).build());
    }
}
