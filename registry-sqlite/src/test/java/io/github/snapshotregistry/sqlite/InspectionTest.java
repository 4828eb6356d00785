package io.github.snapshotregistry.sqlite;

import static io.github.snapshotregistry.sqlite.PlainSql.execute;
import static io.github.snapshotregistry.sqlite.PlainSql.migrateTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.StoredSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SqliteSnapshotRegistry#inspect}: every reading method on a file of each known schema leaves
 * the database (and its {@code -wal}) byte for byte as it was; writing methods are refused.
 */
class InspectionTest {

    private static final String RUST_TABLE =
            "CREATE TABLE snapshots (key TEXT PRIMARY KEY, snapshot_id TEXT NOT NULL, accessed_at INTEGER NOT NULL)";

    @TempDir
    Path folder;

    @Test
    void aRustOriginalFileIsReadAsItIsAndKeepsItsTable() throws Exception {
        Path file = folder.resolve("rust.db");
        execute(file, RUST_TABLE,
                "INSERT INTO snapshots VALUES ('newest', 'snap-n', 1700000300)",
                "INSERT INTO snapshots VALUES ('tie-first', 'snap-t1', 1700000200)",
                "INSERT INTO snapshots VALUES ('oldest', 'snap-o', 1700000100)",
                "INSERT INTO snapshots VALUES ('tie-second', 'snap-t2', 1700000200)");
        Map<String, String> before = fingerprint();

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.inspect(file)) {
            readEverything(registry);
            assertAll(
                    () -> assertEquals(List.of("oldest", "tie-first", "tie-second", "newest"),
                            registry.entries().stream().map(RegistryEntry::key).toList()),
                    () -> assertEquals(new RegistryEntry("oldest", SnapshotId.of("snap-o"), 1,
                            Instant.ofEpochSecond(1700000100)), registry.entries().get(0)),
                    () -> assertEquals(List.of("newest", "tie-second", "tie-first", "oldest"),
                            keys(registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST))),
                    () -> assertEquals(Optional.of(SnapshotId.of("snap-t2")), registry.peek("tie-second")),
                    () -> assertEquals(4, registry.size()),
                    () -> assertEquals(4, registry.totalWeight()),
                    () -> assertEquals(0, registry.pendingEvictions()),
                    () -> assertEquals(List.of(), registry.checkStorage()),
                    () -> assertEquals(Optional.of(new StorageSchema("0", "the Rust original's snapshots table",
                            String.valueOf(Migrations.VERSION))), registry.storageSchema()),
                    () -> assertTrue(registry.storageSchema().orElseThrow().upgradedByNextOpen()));
        }

        assertUnchanged(before);
        assertEquals(4, count(file, "SELECT count(*) FROM snapshots"));
    }

    @Test
    void aRustOriginalInWalModeThatItsServiceHasOpenIsReadWithoutChangingTheDatabaseOrItsWal() throws Exception {
        Path file = folder.resolve("rust-live.db");
        try (Connection service = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = service.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA wal_autocheckpoint=0");
            statement.execute(RUST_TABLE);
            statement.execute("INSERT INTO snapshots VALUES ('k', 'in the wal only', 1700000000)");
            assertTrue(Files.size(folder.resolve("rust-live.db-wal")) > 0, "the entry is in the -wal");
            Map<String, String> before = databaseAndWal(file);

            try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.inspect(file)) {
                readEverything(registry);
                assertEquals(Optional.of(SnapshotId.of("in the wal only")), registry.peek("k"));
            }

            assertEquals(before, databaseAndWal(file));
        }
        assertEquals(1, count(file, "SELECT count(*) FROM snapshots"));
    }

    @ParameterizedTest(name = "version {0}")
    @ValueSource(ints = {1, 2, 3})
    void aFileOfEachSchemaVersionIsReadAsItIs(int version) throws Exception {
        Path file = folder.resolve("version-" + version + ".db");
        migrateTo(file, version);
        execute(file,
                "INSERT INTO entry VALUES ('a', 'A', 5, 1000, 1), ('b', 'shared', 7, 2000, 2), ('c', 'shared', 0, 3000, 3)",
                "UPDATE registry_state SET entry_count = 3, total_weight = 12",
                "INSERT INTO pending_eviction (key, snapshot_id, weight, cause) VALUES ('gone', 'G', 1, 'CAPACITY')");
        if (version >= 2) {
            execute(file, "UPDATE registry_state SET pending_count = 1");
        }
        Map<String, String> before = fingerprint();

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.inspect(file)) {
            readEverything(registry);
            StorageSchema schema = registry.storageSchema().orElseThrow();
            assertAll(
                    () -> assertEquals(List.of("a", "b", "c"), keys(registry.streamEntries(RecencyOrder.LEAST_RECENT_FIRST))),
                    () -> assertEquals(List.of("c", "b", "a"), keys(registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST))),
                    () -> assertEquals(new RegistryEntry("b", SnapshotId.of("shared"), 7, Instant.ofEpochMilli(2000)),
                            registry.entries().get(1)),
                    () -> assertEquals(3, registry.size()),
                    () -> assertEquals(12, registry.totalWeight()),
                    () -> assertEquals(1, registry.pendingEvictions()),
                    () -> assertEquals(List.of(new Eviction("gone", SnapshotId.of("G"), 1, RemovalCause.CAPACITY)),
                            registry.listPendingEvictions()),
                    () -> assertEquals(List.of(), registry.checkStorage()),
                    () -> assertEquals(String.valueOf(version), schema.found()),
                    () -> assertTrue(schema.description().contains(String.valueOf(version)), schema.description()),
                    () -> assertEquals(version != Migrations.VERSION, schema.upgradedByNextOpen()),
                    () -> assertEquals(new Reconciliation(List.of(SnapshotId.of("orphan")),
                                    List.of(registry.entries().get(0))),
                            registry.reconcile(Stream.of(stored("shared"), stored("orphan"), stored("G")), Duration.ZERO)));
        }

        assertUnchanged(before);
    }

    @Test
    void aCurrentFileThatARegistryHasOpenIsReadWithoutChangingTheDatabaseOrItsWal() throws Exception {
        Path file = folder.resolve("live.db");
        RegistryConfig rejecting = RegistryConfig.builder().maxEntries(2).evictionListener(eviction -> {
            throw new IllegalStateException("kept pending");
        }).build();
        try (SqliteSnapshotRegistry service = SqliteSnapshotRegistry.open(file, rejecting)) {
            for (int i = 0; i < 3; i++) {
                service.put("key " + i, SnapshotId.of("id " + i));
            }
            Map<String, String> before = databaseAndWal(file);

            try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.inspect(file)) {
                readEverything(registry);
                assertEquals(service.entries(), registry.entries());
                assertEquals(1, registry.pendingEvictions());
                assertEquals(Optional.of(new StorageSchema(String.valueOf(Migrations.VERSION),
                        service.storageSchema().orElseThrow().description(), String.valueOf(Migrations.VERSION))),
                        registry.storageSchema());
                assertFalse(registry.storageSchema().orElseThrow().upgradedByNextOpen());
            }

            assertEquals(before, databaseAndWal(file));
        }
    }

    @Test
    void everyWritingMethodIsRefusedAndChangesNothing() throws Exception {
        Path file = folder.resolve("registry.db");
        try (SqliteSnapshotRegistry service = SqliteSnapshotRegistry.open(file,
                RegistryConfig.builder().maxEntries(10).build())) {
            service.put("k", SnapshotId.of("id"));
        }
        Map<String, String> before = fingerprint();
        SnapshotRegistry registry = SnapshotRegistries.inspect("sqlite:" + file);
        List<Executable> writes = List.of(
                () -> registry.get("k"),
                () -> registry.put("k", SnapshotId.of("other")),
                () -> registry.put("k", SnapshotId.of("other"), 1),
                () -> registry.computeIfAbsent("new", key -> SnapshotId.of("made")),
                () -> registry.invalidate("k"),
                () -> registry.invalidate("k", SnapshotId.of("id")),
                registry::invalidateAll,
                registry::cleanUp,
                registry::deliverPendingEvictions);

        for (Executable write : writes) {
            UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, write);
            assertTrue(refused.getMessage().endsWith("opened for inspection only"), refused.getMessage());
        }
        assertEquals(Optional.of(SnapshotId.of("id")), registry.peek("k"));
        assertEquals(new RegistryStats(0, 0, 0, 0, 0), registry.stats());
        registry.close();
        registry.close();

        assertThrows(IllegalStateException.class, () -> registry.peek("k"));
        assertThrows(IllegalStateException.class, () -> registry.put("k", SnapshotId.of("id")));
        assertUnchanged(before);
    }

    @Test
    void aMissingOrEmptyFileIsARegistryExceptionAndStaysMissingOrEmpty() throws Exception {
        Path missing = folder.resolve("missing.db");
        Path empty = Files.createFile(folder.resolve("empty.db"));
        Path noTables = folder.resolve("no-tables.db");
        execute(noTables, "CREATE TABLE t (x)", "DROP TABLE t");
        Map<String, String> before = fingerprint();

        RegistryException noFile = assertThrows(RegistryException.class, () -> SqliteSnapshotRegistry.inspect(missing));
        RegistryException zeroBytes = assertThrows(RegistryException.class, () -> SqliteSnapshotRegistry.inspect(empty));
        RegistryException nothingStored = assertThrows(RegistryException.class,
                () -> SqliteSnapshotRegistry.inspect(noTables));

        assertAll(
                () -> assertTrue(noFile.getMessage().contains(missing + ": there is no such file"), noFile.getMessage()),
                () -> assertTrue(zeroBytes.getMessage().contains(empty + ": it is empty"), zeroBytes.getMessage()),
                () -> assertTrue(nothingStored.getMessage().contains(noTables + ": it is empty"),
                        nothingStored.getMessage()),
                () -> assertEquals(before, fingerprint(), "nothing created, nothing changed"));
    }

    @Test
    void aFileOfAnotherApplicationANewerSchemaOrNotSqliteIsRefusedSayingWhichAndLeftUnchanged() throws Exception {
        Path foreign = folder.resolve("foreign.db");
        execute(foreign, "CREATE TABLE users (name TEXT)");
        Path newer = folder.resolve("newer.db");
        SqliteSnapshotRegistry.open(newer, RegistryConfig.builder().maxEntries(1).build()).close();
        long next = Migrations.VERSION + 1;
        execute(newer, "INSERT INTO snapshot_registry_schema_history (installed_rank, version, description, type,"
                + " script, checksum, installed_by, execution_time, success)"
                + " VALUES (" + next + ", '" + next + "', 'from the future', 'SQL', 'V" + next + "__x.sql', 0, 't', 0, 1)");
        Path text = Files.writeString(folder.resolve("notes.db"), "not a database at all");
        Map<String, String> before = fingerprint();

        assertAll(
                () -> assertRefused(foreign, "not a snapshot registry database (found tables: users)"),
                () -> assertRefused(newer, "newer than this library's " + Migrations.VERSION),
                () -> assertRefused(text, "not an SQLite database"));
        assertUnchanged(before);
    }

    private static void assertRefused(Path file, String why) {
        RegistryException refused = assertThrows(RegistryException.class, () -> SqliteSnapshotRegistry.inspect(file));
        assertTrue(refused.getMessage().contains(file.toString()) && refused.getMessage().contains(why),
                refused.getMessage());
    }

    /** Calls every reading method, each at least once. */
    private static void readEverything(SnapshotRegistry registry) {
        registry.peek("absent");
        registry.size();
        registry.totalWeight();
        registry.entries();
        try (Stream<RegistryEntry> up = registry.streamEntries(RecencyOrder.LEAST_RECENT_FIRST);
                Stream<RegistryEntry> down = registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST)) {
            assertEquals(up.count(), down.count());
        }
        registry.snapshotIds();
        registry.pendingEvictions();
        registry.listPendingEvictions();
        registry.checkStorage();
        registry.stats();
        registry.storageSchema();
        registry.reconcile(Stream.of(stored("any")), Duration.ZERO);
    }

    private static StoredSnapshot stored(String id) {
        return new StoredSnapshot(SnapshotId.of(id), Instant.EPOCH);
    }

    private static List<String> keys(Stream<RegistryEntry> entries) {
        try (entries) {
            return entries.map(RegistryEntry::key).toList();
        }
    }

    /**
     * Every file that was in the folder is there byte for byte. The only new files allowed are those
     * SQLite itself makes to read a file in WAL mode that had none: an empty {@code -wal} and the
     * {@code -shm} (its shared memory index, not part of the database).
     */
    private void assertUnchanged(Map<String, String> before) throws IOException {
        Map<String, String> after = fingerprint();
        String empty = HexFormat.of().formatHex(sha256Of(new byte[0]));
        after.entrySet().removeIf(file -> !before.containsKey(file.getKey())
                && (file.getKey().endsWith("-shm") || file.getKey().endsWith("-wal") && file.getValue().equals(empty)));
        assertEquals(before, after, "every file in the folder, byte for byte");
    }

    /** The SHA-256 of every file in the folder, by name: what is there, and its bytes. */
    private Map<String, String> fingerprint() throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                hashes.put(file.getFileName().toString(), sha256(file));
            }
        }
        return hashes;
    }

    /** The SHA-256 of a database and of its {@code -wal}: the files that hold its content. */
    private static Map<String, String> databaseAndWal(Path file) throws IOException {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        return Map.of("database", sha256(file), "wal", sha256(wal));
    }

    private static String sha256(Path file) throws IOException {
        return HexFormat.of().formatHex(sha256Of(Files.readAllBytes(file)));
    }

    private static byte[] sha256Of(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            return statement.executeQuery(sql).getLong(1);
        }
    }
}
