package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real registry files for the tests, made by the library (or by the Rust original's schema), and
 * what they hold afterwards, read by the library with a listener that leaves pending evictions
 * pending.
 */
final class RegistryFiles {

    /** "Now" for the CLI in the tests. */
    static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    private static final EvictionListener REFUSING = eviction -> {
        throw new Exception("left pending by the test");
    };

    private RegistryFiles() {}

    /**
     * The standard registry: {@code build-1} (64 KiB, 3 h ago), {@code build-2} (1.5 MiB, 10 min
     * ago), {@code build-3} (512 B, 42 s ago), least recently used first, and one pending eviction,
     * of {@code snap-gone} (key {@code gone}, 2 KiB, explicit).
     */
    static Path standard(Path folder) {
        Path file = folder.resolve("registry.db");
        AtomicReference<Instant> time = new AtomicReference<>(NOW.minus(Duration.ofHours(3)));
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config(time::get, REFUSING))) {
            registry.put("build-1", SnapshotId.of("snap-1"), 64 * 1024);
            time.set(NOW.minus(Duration.ofMinutes(10)));
            registry.put("build-2", SnapshotId.of("snap-2"), 1536 * 1024);
            registry.put("gone", SnapshotId.of("snap-gone"), 2048);
            registry.invalidate("gone");
            time.set(NOW.minus(Duration.ofSeconds(42)));
            registry.put("build-3", SnapshotId.of("snap-3"), 512);
        }
        return file;
    }

    /** A registry of {@code count} entries {@code key-<n>} to {@code snap-<n>}, each weighing 1, and no pending eviction. */
    static Path ofSize(Path folder, int count) {
        Path file = folder.resolve("registry-" + count + ".db");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config(() -> NOW, eviction -> { }))) {
            for (int n = 1; n <= count; n++) {
                registry.put("key-" + n, SnapshotId.of("snap-" + n), 1);
            }
        }
        return file;
    }

    /** Puts one entry of weight 1 at {@link #NOW}. */
    static void put(Path file, String key, String id) {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config(() -> NOW, REFUSING))) {
            registry.put(key, SnapshotId.of(id), 1);
        }
    }

    /** A file of the Rust original: {@code a} (oldest), {@code c}, {@code b} by {@code accessed_at} in seconds. */
    static Path rustOriginal(Path folder) throws SQLException {
        Path file = folder.resolve("rust.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE snapshots (key TEXT PRIMARY KEY, snapshot_id TEXT NOT NULL,"
                    + " accessed_at INTEGER NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO snapshots VALUES (?, ?, ?)")) {
                insertRow(insert, "a", "vm-a", NOW.getEpochSecond() - 300);
                insertRow(insert, "b", "vm-b", NOW.getEpochSecond() - 60);
                insertRow(insert, "c", "vm-c", NOW.getEpochSecond() - 120);
            }
        }
        return file;
    }

    /** An SQLite file of another application. */
    static Path foreign(Path folder) throws SQLException {
        Path file = folder.resolve("users.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE users (name TEXT)");
        }
        return file;
    }

    /** A file that is not SQLite at all. */
    static Path garbage(Path folder) throws IOException {
        return Files.writeString(folder.resolve("garbage.db"), "this is not a database\n".repeat(100));
    }

    /** Runs one statement on a registry file, to damage it. */
    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    static List<RegistryEntry> entries(Path file) {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config(() -> NOW, REFUSING))) {
            return registry.entries();
        }
    }

    static List<Eviction> pending(Path file) {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config(() -> NOW, REFUSING))) {
            return registry.listPendingEvictions();
        }
    }

    /** The tables of a database file, read without the library. */
    static List<String> tables(Path file) throws SQLException {
        List<String> tables = new java.util.ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /**
     * A registry of {@code count} entries {@code key-<n>} to {@code snap-<n>} (least recently used
     * first), each weighing 1, written with SQL in one statement: fast for hundreds of thousands.
     */
    static Path huge(Path folder, int count) throws SQLException {
        Path file = ofSize(folder, 0);
        execute(file, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count + ")"
                + " INSERT INTO entry (key, snapshot_id, weight, last_access, access_seq)"
                + " SELECT 'key-' || i, 'snap-' || i, 1, " + NOW.toEpochMilli() + ", i FROM n");
        execute(file, "UPDATE registry_state SET entry_count = " + count + ", total_weight = " + count);
        return file;
    }

    static List<String> keys(Path file) {
        return entries(file).stream().map(RegistryEntry::key).toList();
    }

    static List<String> pendingIds(Path file) {
        return pending(file).stream().map(eviction -> eviction.snapshotId().value()).toList();
    }

    private static RegistryConfig config(InstantSource clock, EvictionListener listener) {
        return RegistryConfig.builder().maxEntries(1000).clock(clock).evictionListener(listener).build();
    }

    private static void insertRow(PreparedStatement insert, String key, String id, long accessedAt) throws SQLException {
        insert.setString(1, key);
        insert.setString(2, id);
        insert.setLong(3, accessedAt);
        insert.executeUpdate();
    }
}
