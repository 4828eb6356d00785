package io.github.snapshotregistry.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The floor of what PostgreSQL allows for the replay's protocol: a strict LRU shared by whoever
 * uses the same tables, on the embedded server's pool, one borrowed connection per request, as the
 * adapter does. Recency comes from a sequence, so a hit is one autocommitted {@code UPDATE ...
 * RETURNING} that takes no registry-wide lock. A miss is one transaction that locks the state row
 * (writers take turns, as across hosts they must), upserts the key and, past the capacity, deletes
 * the least recent row; the stored size is written only when it changes, so an evicting put is 4
 * round trips (lock, upsert, delete, commit). It keeps no statistics and has no expiry; without
 * the outbox, everything the adapter does beyond that is its overhead over this baseline.
 *
 * <p>With the outbox, it also does the work the contract asks
 * of a durable adapter's evictions, in as many round trips as the adapter: an index on the
 * snapshot id; the upsert cancels the outbox rows of the id it maps (rule 6); the eviction's
 * {@code DELETE} answers whether another key still maps the victim's id and, if not, writes an
 * outbox row in the same statement (rule 8); after commit that row is re-checked with one
 * {@code SELECT ... FOR KEY SHARE} (rule 6) and, if still there, "delivered" (counted); a later
 * write transaction deletes it in its locking statement, one delivered row per write (a write
 * delivers at most one, so none is left behind for long): with an array of them, PostgreSQL
 * planned that statement anew on every call, as a custom plan for the array's length. The replay puts
 * {@code "snap-" + key} only, so a put never replaces an id by another, and this floor has no
 * {@code REPLACED} removals, no delivery leases and no pending count.
 *
 * <p>Its tables live in schema {@code jdbc_floor}, created afresh on open and dropped on close, so
 * only one instance may be open at a time.
 */
final class JdbcPostgresLru implements ReplayTarget {

    private static final String DROP = "DROP SCHEMA IF EXISTS jdbc_floor CASCADE";
    private static final String[] SCHEMA = {
        DROP,
        "CREATE SCHEMA jdbc_floor",
        "CREATE SEQUENCE jdbc_floor.recency",
        "CREATE TABLE jdbc_floor.entry (key text PRIMARY KEY, snapshot_id text NOT NULL, recency bigint NOT NULL)",
        "CREATE UNIQUE INDEX entry_recency ON jdbc_floor.entry (recency)",
        "CREATE TABLE jdbc_floor.state (id int PRIMARY KEY, size bigint NOT NULL)",
        "INSERT INTO jdbc_floor.state VALUES (1, 0)"
    };
    private static final String[] OUTBOX_SCHEMA = {
        "CREATE INDEX entry_snapshot ON jdbc_floor.entry (snapshot_id)",
        "CREATE TABLE jdbc_floor.outbox (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " key text NOT NULL, snapshot_id text NOT NULL, cause text NOT NULL)",
        "CREATE INDEX outbox_snapshot ON jdbc_floor.outbox (snapshot_id)"
    };
    private static final String TOUCH =
            "UPDATE jdbc_floor.entry SET recency = nextval('jdbc_floor.recency') WHERE key = ? RETURNING snapshot_id";
    private static final String LOCK = "SELECT size FROM jdbc_floor.state WHERE id = 1 FOR UPDATE";
    /** Seq 0 acknowledges nothing: the identity starts at 1. */
    private static final String LOCK_AND_ACKNOWLEDGE =
            "WITH acknowledged AS (DELETE FROM jdbc_floor.outbox WHERE seq = ?) " + LOCK;
    private static final String UPSERT = "INSERT INTO jdbc_floor.entry (key, snapshot_id, recency)"
            + " VALUES (?, ?, nextval('jdbc_floor.recency')) ON CONFLICT (key) DO UPDATE"
            + " SET snapshot_id = excluded.snapshot_id, recency = excluded.recency RETURNING xmax = 0";
    /** The plain upsert's parameters, then the id again for the cancel. */
    private static final String UPSERT_AND_CANCEL = "WITH stored AS (" + UPSERT + " AS inserted),"
            + " cancelled AS (DELETE FROM jdbc_floor.outbox WHERE snapshot_id = ?) SELECT inserted FROM stored";
    /**
     * Answers the victim's recency. A hit that moves the least recent row between the subquery and
     * the delete makes it delete nothing. The search starts at the recency of the last committed
     * victim, as no row is numbered below it (the sequence only grows): it skips the index entries
     * of the rows deleted or moved since the last vacuum, which it would otherwise walk on every
     * eviction (the adapter searches the same way).
     */
    private static final String EVICT_OLDEST = "DELETE FROM jdbc_floor.entry WHERE recency ="
            + " (SELECT min(recency) FROM jdbc_floor.entry WHERE recency >= ?) RETURNING recency";
    /** As {@link #EVICT_OLDEST}; also answers the offered row's seq, or 0 if another key still maps the id. */
    private static final String EVICT_OLDEST_AND_OFFER = "WITH victim AS (DELETE FROM jdbc_floor.entry"
            + " WHERE recency = (SELECT min(recency) FROM jdbc_floor.entry WHERE recency >= ?) RETURNING key,"
            + " snapshot_id, recency, EXISTS (SELECT 1 FROM jdbc_floor.entry other"
            + " WHERE other.snapshot_id = entry.snapshot_id AND other.key <> entry.key) AS still_mapped),"
            + " offered AS (INSERT INTO jdbc_floor.outbox (key, snapshot_id, cause)"
            + " SELECT key, snapshot_id, 'CAPACITY' FROM victim WHERE NOT still_mapped RETURNING seq)"
            + " SELECT recency, coalesce((SELECT seq FROM offered), 0) FROM victim";
    private static final String RECHECK = "SELECT seq FROM jdbc_floor.outbox WHERE seq = ? FOR KEY SHARE";
    private static final String SET_SIZE = "UPDATE jdbc_floor.state SET size = ? WHERE id = 1";

    private final DataSource pool;
    private final int capacity;
    private final boolean outbox;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    /** The recency of the last committed victim: no row is numbered below it. */
    private final AtomicLong leastRecency = new AtomicLong();
    /** Delivered outbox rows that later write transactions delete. */
    private final Queue<Long> acknowledgements = new ConcurrentLinkedQueue<>();

    /**
     * Creates the floor's tables afresh.
     *
     * @param pool the embedded server's connections
     * @param capacity the most entries
     * @param outbox whether it also does the contract's work for evictions (see the class comment)
     */
    JdbcPostgresLru(DataSource pool, int capacity, boolean outbox) {
        this.pool = pool;
        this.capacity = capacity;
        this.outbox = outbox;
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
            if (this.outbox) {
                for (String ddl : OUTBOX_SCHEMA) {
                    statement.execute(ddl);
                }
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
            for (long seq : store(connection, key)) {
                deliver(connection, seq);
            }
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

    /** Answers the outbox rows it offered. */
    private List<Long> store(Connection connection, String key) throws SQLException {
        List<Long> offered = new ArrayList<>();
        connection.setAutoCommit(false);
        Long acknowledged = null;
        try {
            acknowledged = outbox ? acknowledgements.poll() : null;
            long size = lock(connection, acknowledged);
            boolean inserted;
            try (PreparedStatement upsert = connection.prepareStatement(outbox ? UPSERT_AND_CANCEL : UPSERT)) {
                upsert.setString(1, key);
                upsert.setString(2, "snap-" + key);
                if (outbox) {
                    upsert.setString(3, "snap-" + key);
                }
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    inserted = row.getBoolean(1);
                }
            }
            long newSize = inserted ? size + 1 : size;
            long evicted = 0;
            long victim = 0;
            while (newSize - evicted > capacity) {
                long recency = evictOldest(connection, offered);
                if (recency != 0) {
                    evicted++;
                    victim = recency;
                }
            }
            if (newSize - evicted != size) {
                try (PreparedStatement setSize = connection.prepareStatement(SET_SIZE)) {
                    setSize.setLong(1, newSize - evicted);
                    setSize.executeUpdate();
                }
            }
            connection.commit();
            leastRecency.accumulateAndGet(victim, Math::max);
            evictions.add(evicted);
            return offered;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            if (acknowledged != null) {
                acknowledgements.add(acknowledged);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Locks the state row and answers the size; with the outbox, also deletes the delivered row, if any. */
    private long lock(Connection connection, Long acknowledged) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(outbox ? LOCK_AND_ACKNOWLEDGE : LOCK)) {
            if (outbox) {
                lock.setLong(1, acknowledged == null ? 0 : acknowledged);
            }
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /**
     * Answers the evicted row's recency, or 0 if a concurrent hit moved it (the sequence starts at
     * 1); adds an offered row's seq.
     */
    private long evictOldest(Connection connection, List<Long> offered) throws SQLException {
        try (PreparedStatement evict = connection.prepareStatement(outbox ? EVICT_OLDEST_AND_OFFER : EVICT_OLDEST)) {
            evict.setLong(1, leastRecency.get());
            try (ResultSet row = evict.executeQuery()) {
                if (!row.next()) {
                    return 0;
                }
                if (outbox && row.getLong(2) != 0) {
                    offered.add(row.getLong(2));
                }
                return row.getLong(1);
            }
        }
    }

    /** Re-checks an offered row after commit: a put of its id may have cancelled it. */
    private void deliver(Connection connection, long seq) throws SQLException {
        try (PreparedStatement recheck = connection.prepareStatement(RECHECK)) {
            recheck.setLong(1, seq);
            try (ResultSet row = recheck.executeQuery()) {
                if (row.next()) {
                    delivered.increment();
                    acknowledgements.add(seq);
                }
            }
        }
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    /** Outbox rows delivered so far (0 without the outbox). */
    long delivered() {
        return delivered.sum();
    }

    @Override
    public void close() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(DROP);
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    private static IllegalStateException failure(String operation, SQLException cause) {
        return new IllegalStateException("raw-JDBC PostgreSQL LRU " + operation + " failed", cause);
    }
}
