package io.github.snapshotregistry.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The floor of what SQLite allows for the replay's protocol: a strict LRU on one connection with
 * prepared statements, a unique index on the recency column, WAL and {@code synchronous=NORMAL}.
 * A hit is one {@code UPDATE ... RETURNING} in its own transaction; a miss inserts and, past the
 * capacity, deletes the least recent row, in one {@code BEGIN IMMEDIATE} transaction. No outbox,
 * no statistics, no expiry, no second process: everything the adapter does beyond that is its
 * overhead over this baseline.
 */
final class JdbcStrictLru implements ReplayTarget {

    private static final String[] SCHEMA = {
        "CREATE TABLE entry (key TEXT PRIMARY KEY, snapshot_id TEXT NOT NULL, recency INTEGER NOT NULL)",
        "CREATE UNIQUE INDEX entry_recency ON entry (recency)"
    };

    private final Path file;
    private final int capacity;
    private final Connection connection;
    private final PreparedStatement touch;
    private final PreparedStatement insert;
    private final PreparedStatement evictOldest;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private long recency;
    private long size;
    private long evictions;

    JdbcStrictLru(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            touch = connection.prepareStatement("UPDATE entry SET recency = ? WHERE key = ? RETURNING snapshot_id");
            insert = connection.prepareStatement("INSERT INTO entry (key, snapshot_id, recency) VALUES (?, ?, ?)");
            evictOldest = connection.prepareStatement(
                    "DELETE FROM entry WHERE recency = (SELECT min(recency) FROM entry) RETURNING snapshot_id");
            begin = connection.prepareStatement("BEGIN IMMEDIATE");
            commit = connection.prepareStatement("COMMIT");
            rollback = connection.prepareStatement("ROLLBACK");
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    @Override
    public synchronized boolean request(String key) {
        try {
            if (touched(key)) {
                return true;
            }
            store(key);
            return false;
        } catch (SQLException e) {
            throw failure("request of key " + key, e);
        }
    }

    private boolean touched(String key) throws SQLException {
        touch.setLong(1, ++recency);
        touch.setString(2, key);
        try (ResultSet row = touch.executeQuery()) {
            return row.next();
        }
    }

    private void store(String key) throws SQLException {
        begin.execute();
        try {
            insert.setString(1, key);
            insert.setString(2, "snap-" + key);
            insert.setLong(3, ++recency);
            insert.executeUpdate();
            long evicted = 0;
            if (size + 1 > capacity) {
                try (ResultSet row = evictOldest.executeQuery()) {
                    while (row.next()) {
                        evicted++;
                    }
                }
            }
            commit.execute();
            size += 1 - evicted;
            evictions += evicted;
        } catch (SQLException | RuntimeException e) {
            rollback.execute();
            throw e;
        }
    }

    @Override
    public synchronized long evictions() {
        return evictions;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private IllegalStateException failure(String operation, SQLException cause) {
        return new IllegalStateException("raw-JDBC LRU " + operation + " failed on " + file, cause);
    }
}
