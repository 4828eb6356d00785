package io.github.snapshotregistry.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The floor of what SQLite allows for the replay's protocol: a strict LRU on one connection with
 * prepared statements, a unique index on the recency column, WAL and {@code synchronous=NORMAL}.
 * A hit is one {@code UPDATE ... RETURNING} in its own transaction; a miss inserts and, past the
 * capacity, deletes the least recent row, in one {@code BEGIN IMMEDIATE} transaction. No
 * statistics, no expiry, no second process: everything the adapter does beyond that is its
 * overhead over this baseline.
 *
 * <p>With an {@link Outbox} other than {@code NONE}, each evicted id is also written to an outbox
 * table in the evicting transaction and deleted once "delivered", as a durable adapter must: this
 * measures what that promise costs on the floor.
 */
final class JdbcStrictLru implements ReplayTarget {

    /** How evicted ids are recorded. */
    enum Outbox {
        /** Not at all. */
        NONE,
        /** In the evicting transaction; each delivered row deleted by a transaction of its own. */
        ACK_EACH,
        /** In the evicting transaction; delivered rows deleted by the next write transaction. */
        ACK_IN_NEXT_WRITE
    }

    private static final String[] SCHEMA = {
        "CREATE TABLE entry (key TEXT PRIMARY KEY, snapshot_id TEXT NOT NULL, recency INTEGER NOT NULL)",
        "CREATE UNIQUE INDEX entry_recency ON entry (recency)",
        "CREATE TABLE pending (seq INTEGER PRIMARY KEY, key TEXT NOT NULL, snapshot_id TEXT NOT NULL)"
    };

    private final Path file;
    private final int capacity;
    private final Connection connection;
    private final PreparedStatement touch;
    private final PreparedStatement insert;
    private final PreparedStatement evictOldest;
    private final PreparedStatement record;
    private final PreparedStatement acknowledge;
    private final Outbox outbox;
    private final List<Long> delivered = new ArrayList<>();
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private long recency;
    private long size;
    private long evictions;

    JdbcStrictLru(Path file, int capacity, Outbox outbox) {
        this.file = file;
        this.capacity = capacity;
        this.outbox = outbox;
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
                    "DELETE FROM entry WHERE recency = (SELECT min(recency) FROM entry) RETURNING key, snapshot_id");
            record = connection.prepareStatement("INSERT INTO pending (key, snapshot_id) VALUES (?, ?) RETURNING seq");
            acknowledge = connection.prepareStatement("DELETE FROM pending WHERE seq = ?");
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
        List<Long> recorded = new ArrayList<>();
        begin.execute();
        try {
            for (long seq : delivered) {
                acknowledge(seq);
            }
            insert.setString(1, key);
            insert.setString(2, "snap-" + key);
            insert.setLong(3, ++recency);
            insert.executeUpdate();
            long evicted = 0;
            if (size + 1 > capacity) {
                try (ResultSet row = evictOldest.executeQuery()) {
                    while (row.next()) {
                        evicted++;
                        if (outbox != Outbox.NONE) {
                            recorded.add(record(row.getString(1), row.getString(2)));
                        }
                    }
                }
            }
            commit.execute();
            delivered.clear();
            size += 1 - evicted;
            evictions += evicted;
        } catch (SQLException | RuntimeException e) {
            rollback.execute();
            throw e;
        }
        if (outbox == Outbox.ACK_EACH) {
            for (long seq : recorded) {
                acknowledge(seq);
            }
        } else {
            delivered.addAll(recorded);
        }
    }

    private long record(String evictedKey, String snapshotId) throws SQLException {
        record.setString(1, evictedKey);
        record.setString(2, snapshotId);
        try (ResultSet seq = record.executeQuery()) {
            seq.next();
            return seq.getLong(1);
        }
    }

    private void acknowledge(long seq) throws SQLException {
        acknowledge.setLong(1, seq);
        acknowledge.executeUpdate();
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
