package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * An instance searches for the least recently used entry from the last entry it evicted on, as
 * nothing is numbered below it. Only a committed eviction may move that start: the victims of a
 * write that rolled back are back in the registry, and the next eviction must find them.
 */
class EvictionSearchTest {

    @Test
    void theVictimsOfARolledBackWriteAreEvictedFirstAfterwards() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        List<Eviction> delivered = new CopyOnWriteArrayList<>();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(database.dataSource(),
                RegistryConfig.builder().maxWeight(3).evictionListener(delivered::add).build())) {
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
}
