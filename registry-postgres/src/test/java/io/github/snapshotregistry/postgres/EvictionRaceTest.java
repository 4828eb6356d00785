package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.Test;

/**
 * A get hit takes no registry-wide lock, so it can move the least recently used entry while an
 * eviction is deleting it. The eviction must then take the next least recent entry: neither
 * delete nothing (and leave the bound broken) nor the entry the hit just made the most recent.
 */
class EvictionRaceTest {

    @Test
    void anEvictionThatLosesItsEntryToAConcurrentHitEvictsTheNextLeastRecent() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        List<Eviction> delivered = new CopyOnWriteArrayList<>();
        Jdbi jdbi = Jdbi.create(database.dataSource()).installPlugin(new SqlObjectPlugin())
                .define("schema", "snapshot_registry").define("accessSeq", "'snapshot_registry.access_seq'")
                .registerRowMapper(EntryTable.Access.class, EntryTable.Access::map);
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(database.dataSource(),
                        RegistryConfig.builder().maxEntries(2).evictionListener(delivered::add).build());
                Handle hit = jdbi.open()) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));
            long id = hit.createQuery("SELECT id FROM snapshot_registry.registry").mapTo(Long.class).one();
            hit.begin();
            Optional<EntryTable.Access> touched = hit.attach(EntryTable.class)
                    .touch(id, "a".getBytes(StandardCharsets.UTF_8), Instant.now().toEpochMilli());

            CompletableFuture<Void> put = CompletableFuture.runAsync(() -> registry.put("c", SnapshotId.of("3")));
            awaitEvictionWaitingFor(jdbi, hit);
            hit.commit();
            put.get(1, TimeUnit.MINUTES);

            assertAll(
                    () -> assertEquals(Optional.of(SnapshotId.of("1")), touched.map(EntryTable.Access::snapshotId)),
                    () -> assertEquals(List.of("a", "c"), registry.entries().stream().map(RegistryEntry::key).toList()),
                    () -> assertEquals(2, registry.size()),
                    () -> assertEquals(List.of(new Eviction("b", SnapshotId.of("2"), 1, RemovalCause.CAPACITY)), delivered),
                    () -> assertEquals(List.of(), registry.checkStorage()));
        }
    }

    /** Waits until another backend waits for a lock that the hit's transaction holds. */
    private static void awaitEvictionWaitingFor(Jdbi jdbi, Handle hit) throws InterruptedException {
        int holder = hit.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Handle watcher = jdbi.open()) {
            while (watcher.createQuery("SELECT count(*) FROM pg_stat_activity WHERE :holder = ANY (pg_blocking_pids(pid))")
                    .bind("holder", holder).mapTo(Integer.class).one() == 0) {
                assertTrue(System.nanoTime() < deadline, "the put never waited for the hit's row");
                Thread.onSpinWait();
            }
        }
    }
}
