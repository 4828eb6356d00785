package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code postgresql:} URIs opened for inspection only: every reading method works, nothing is written. */
class InspectionTest {

    private EmbeddedDatabase database;

    @BeforeEach
    void database() {
        database = EmbeddedDatabase.create();
    }

    @Test
    void everyReadingMethodWorksAndTheDatabaseIsLeftExactlyAsItWas() {
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(database.dataSource(),
                RegistryConfig.builder().maxEntries(2).evictionListener(eviction -> {
                    throw new IllegalStateException("backend down");
                }).build())) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));
            registry.put("c", SnapshotId.of("3"));
        }
        String before = dump();

        try (SnapshotRegistry inspected = SnapshotRegistries.inspect(uri("default"))) {
            assertAll(
                    () -> assertEquals(Optional.of(SnapshotId.of("3")), inspected.peek("c")),
                    () -> assertEquals(2, inspected.size()),
                    () -> assertEquals(2, inspected.totalWeight()),
                    () -> assertEquals(List.of("b", "c"), inspected.entries().stream().map(RegistryEntry::key).toList()),
                    () -> assertEquals(List.of("c", "b"), keys(inspected.streamEntries(RecencyOrder.MOST_RECENT_FIRST))),
                    () -> assertEquals(1, inspected.pendingEvictions()),
                    () -> assertEquals(SnapshotId.of("1"), inspected.listPendingEvictions().get(0).snapshotId()),
                    () -> assertEquals(List.of(), inspected.checkStorage()),
                    () -> assertEquals(Optional.of(new StorageSchema("3", "snapshot registry schema version 3 (pending count)", "3")),
                            inspected.storageSchema()),
                    () -> assertEquals(List.of(SnapshotId.of("orphan")), inspected.reconcile(Stream.of(
                            new StoredSnapshot(SnapshotId.of("1"), Instant.EPOCH),
                            new StoredSnapshot(SnapshotId.of("orphan"), Instant.EPOCH)), Duration.ZERO).orphans()));
        }

        assertEquals(before, dump());
    }

    @Test
    void everyWritingMethodThrowsUnsupportedOperationExceptionAndChangesNothing() {
        PostgresSnapshotRegistry.open(database.dataSource(), RegistryConfig.builder().maxEntries(2).build()).close();
        String before = dump();
        try (SnapshotRegistry inspected = SnapshotRegistries.inspect(uri("default"))) {
            Map<String, Executable> writes = Map.of(
                    "get", () -> inspected.get("a"),
                    "put", () -> inspected.put("a", SnapshotId.of("1")),
                    "put with weight", () -> inspected.put("a", SnapshotId.of("1"), 1),
                    "computeIfAbsent", () -> inspected.computeIfAbsent("a", key -> SnapshotId.of("1")),
                    "invalidate", () -> inspected.invalidate("a"),
                    "invalidate with id", () -> inspected.invalidate("a", SnapshotId.of("1")),
                    "invalidateAll", inspected::invalidateAll,
                    "cleanUp", inspected::cleanUp,
                    "deliverPendingEvictions", inspected::deliverPendingEvictions);
            writes.forEach((name, write) -> {
                UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, write, name);
                assertTrue(refused.getMessage().endsWith("opened for inspection only"), refused.getMessage());
            });
        }
        assertEquals(before, dump());
    }

    @Test
    void aDatabaseWithoutTheSchemaIsARegistryExceptionAndGetsNoSchema() {
        RegistryException failure = assertThrows(RegistryException.class, () -> SnapshotRegistries.inspect(uri("default")));

        assertTrue(failure.getMessage().startsWith("inspect failed on PostgreSQL registry 'default'"), failure.getMessage());
        try (Handle handle = Jdbi.open(database.dataSource())) {
            assertEquals(0, handle.createQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'snapshot_registry'")
                    .mapTo(Long.class).one());
        }
    }

    @Test
    void aRegistryNameTheSchemaDoesNotHoldIsARegistryExceptionAndIsNotCreated() {
        PostgresSnapshotRegistry.open(database.dataSource(), RegistryConfig.builder().maxEntries(2).build()).close();
        String before = dump();

        RegistryException failure = assertThrows(RegistryException.class, () -> SnapshotRegistries.inspect(uri("other")));

        assertTrue(failure.getMessage().contains("no registry of that name"), failure.getMessage());
        assertEquals(before, dump());
    }

    @Test
    void aSchemaNewerThanTheLibraryIsReportedAsSuchAndNotRead() {
        PostgresSnapshotRegistry.open(database.dataSource(), RegistryConfig.builder().maxEntries(2).build()).close();
        try (Handle handle = Jdbi.open(database.dataSource())) {
            handle.execute("INSERT INTO snapshot_registry.snapshot_registry_schema_history"
                    + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 0, true)");
        }

        RegistryException failure = assertThrows(RegistryException.class, () -> SnapshotRegistries.inspect(uri("default")));

        assertTrue(failure.getMessage().contains("version 99, newer than this library knows"), failure.getMessage());
        assertFalse(failure.getMessage().contains("repair"), failure.getMessage());
    }

    @Test
    void anOpenRegistryReportsTheCurrentSchemaAndNoUpgrade() {
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(
                database.dataSource(), RegistryConfig.builder().maxEntries(2).build())) {
            StorageSchema schema = registry.storageSchema().orElseThrow();

            assertEquals("3", schema.found());
            assertFalse(schema.upgradedByNextOpen());
        }
    }

    private String uri(String registry) {
        return database.jdbcUrl().replace("jdbc:postgresql:", "postgresql:") + "&registry=" + registry;
    }

    private static List<String> keys(Stream<RegistryEntry> entries) {
        try (entries) {
            return entries.map(RegistryEntry::key).toList();
        }
    }

    /** Every row of every table in the database's schemas, and the schemas themselves, as text. */
    private String dump() {
        try (Handle handle = Jdbi.open(database.dataSource())) {
            List<String> tables = handle.createQuery("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").mapTo(String.class).list();
            return tables + "\n" + tables.stream()
                    .map(table -> table + ": " + handle.createQuery("SELECT string_agg(t::text, ' | ' ORDER BY t::text) FROM "
                            + table + " t").mapTo(String.class).findOne().orElse(""))
                    .collect(Collectors.joining("\n"));
        }
    }
}
