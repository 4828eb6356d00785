package io.github.snapshotregistry.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The floor of what PostgreSQL allows for the replay's protocol: a strict LRU shared by whoever
 * uses the same tables, on the embedded server's pool, one borrowed connection per request, as the
 * adapter does. Recency comes from a sequence, so a hit is one autocommitted {@code UPDATE ...
 * RETURNING} that takes no registry-wide lock. A miss is one transaction that locks the state row
 * (writers take turns, as across hosts they must), upserts the key and, past the capacity, deletes
 * the least recent row; the stored size is written only when it changes, so an evicting put is 4
 * round trips (lock, upsert, delete, commit). No statistics, no expiry, no outbox: everything the
 * adapter does beyond that is its overhead over this baseline.
 *
 * <p>Its tables live in schema {@code jdbc_floor}, created afresh on open and dropped on close, so
 * only one instance may be open at a time.
 */
final class JdbcPostgresLru implements ReplayTarget {

    private static final String[] SCHEMA = {
        "DROP SCHEMA IF EXISTS jdbc_floor CASCADE",
        "CREATE SCHEMA jdbc_floor",
        "CREATE SEQUENCE jdbc_floor.recency",
        "CREATE TABLE jdbc_floor.entry (key text PRIMARY KEY, snapshot_id text NOT NULL, recency bigint NOT NULL)",
        "CREATE UNIQUE INDEX entry_recency ON jdbc_floor.entry (recency)",
        "CREATE TABLE jdbc_floor.state (id int PRIMARY KEY, size bigint NOT NULL)",
        "INSERT INTO jdbc_floor.state VALUES (1, 0)"
    };
    private static final String TOUCH =
            "UPDATE jdbc_floor.entry SET recency = nextval('jdbc_floor.recency') WHERE key = ? RETURNING snapshot_id";
    private static final String LOCK = "SELECT size FROM jdbc_floor.state WHERE id = 1 FOR UPDATE";
    private static final String UPSERT = "INSERT INTO jdbc_floor.entry (key, snapshot_id, recency)"
            + " VALUES (?, ?, nextval('jdbc_floor.recency')) ON CONFLICT (key) DO UPDATE"
            + " SET snapshot_id = excluded.snapshot_id, recency = excluded.recency RETURNING xmax = 0";
    /** A hit that moves the least recent row between the subquery and the delete makes it delete nothing. */
    private static final String EVICT_OLDEST = "DELETE FROM jdbc_floor.entry"
            + " WHERE recency = (SELECT min(recency) FROM jdbc_floor.entry) RETURNING key";
    private static final String SET_SIZE = "UPDATE jdbc_floor.state SET size = ? WHERE id = 1";

    private final DataSource pool;
    private final int capacity;
    private final LongAdder evictions = new LongAdder();

    JdbcPostgresLru(DataSource pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw failure("open", e);
        }
    }

    @Override
    public boolean request(String key) {
        try (Connection connection = pool.getConnection()) {
            if (touched(connection, key)) {
                return true;
            }
            store(connection, key);
            return false;
        } catch (SQLException e) {
            throw failure("request of key " + key, e);
        }
    }

    private static boolean touched(Connection connection, String key) throws SQLException {
        try (PreparedStatement touch = connection.prepareStatement(TOUCH)) {
            touch.setString(1, key);
            try (ResultSet row = touch.executeQuery()) {
                return row.next();
            }
        }
    }

    private void store(Connection connection, String key) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long size;
            try (PreparedStatement lock = connection.prepareStatement(LOCK); ResultSet row = lock.executeQuery()) {
                row.next();
                size = row.getLong(1);
            }
            boolean inserted;
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setString(1, key);
                upsert.setString(2, "snap-" + key);
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    inserted = row.getBoolean(1);
                }
            }
            long newSize = inserted ? size + 1 : size;
            long evicted = 0;
            while (newSize - evicted > capacity) {
                evicted += evictOldest(connection);
            }
            if (newSize - evicted != size) {
                try (PreparedStatement setSize = connection.prepareStatement(SET_SIZE)) {
                    setSize.setLong(1, newSize - evicted);
                    setSize.executeUpdate();
                }
            }
            connection.commit();
            evictions.add(evicted);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static int evictOldest(Connection connection) throws SQLException {
        try (PreparedStatement evict = connection.prepareStatement(EVICT_OLDEST); ResultSet row = evict.executeQuery()) {
            return row.next() ? 1 : 0;
        }
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    @Override
    public void close() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA[0]);
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private static IllegalStateException failure(String operation, SQLException cause) {
        return new IllegalStateException("raw-JDBC PostgreSQL LRU " + operation + " failed", cause);
    }
}
