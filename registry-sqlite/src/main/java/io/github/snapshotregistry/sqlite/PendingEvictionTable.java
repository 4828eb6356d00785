package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.PendingRow;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox of removals that no listener has accepted yet, oldest first by {@code seq}. A row is
 * named by its {@code seq} and snapshot id; a seq is never handed out again ({@link OutboxWrites}, migration V5).
 */
interface PendingEvictionTable {

    String COLUMNS = "seq, key, snapshot_id, weight, cause";

    /**
     * Adds a row whose seq is one more than the highest of {@code deleted}, the counters row's
     * {@code outbox_seq} and the outbox's own seqs; answers that seq.
     */
    @SqlQuery("INSERT INTO pending_eviction (seq, key, snapshot_id, weight, cause)"
            + " VALUES (max(:deleted, (SELECT outbox_seq FROM registry_state WHERE id = 1),"
            + " (SELECT coalesce(max(seq), 0) FROM pending_eviction)) + 1, :key, :snapshotId, :weight, :cause)"
            + " RETURNING seq")
    long insert(@Bind("deleted") long deleted, @Bind("key") String key, @Bind("snapshotId") String snapshotId,
            @Bind("weight") long weight, @Bind("cause") String cause);

    /** Deletes the rows of an id; answers their seqs. */
    @SqlQuery("DELETE FROM pending_eviction WHERE snapshot_id = :snapshotId RETURNING seq")
    List<Long> cancel(@Bind("snapshotId") String snapshotId);

    @SqlUpdate("DELETE FROM pending_eviction WHERE seq = :seq AND snapshot_id = :snapshotId")
    int delete(@Bind("seq") long seq, @Bind("snapshotId") String snapshotId);

    /**
     * Deletes a row as {@link #delete} does, and answers the counters row as stored (this statement
     * does not change it); null if the row was gone. A plain return type: see {@link
     * EntryTable#touchUnexpired}.
     */
    @SqlQuery("DELETE FROM pending_eviction WHERE seq = :seq AND snapshot_id = :snapshotId RETURNING"
            + " (SELECT entry_count FROM registry_state WHERE id = 1) AS entry_count,"
            + " (SELECT total_weight FROM registry_state WHERE id = 1) AS total_weight,"
            + " (SELECT pending_count FROM registry_state WHERE id = 1) AS pending_count")
    CounterRow deleteReadingCounters(@Bind("seq") long seq, @Bind("snapshotId") String snapshotId);

    /**
     * Records {@code seq} as handed out in the counters row, unless the outbox holds a row at or
     * above it or the row records a higher one already (then the row is left unwritten).
     */
    @SqlUpdate("UPDATE registry_state SET outbox_seq = :seq WHERE id = 1 AND outbox_seq < :seq"
            + " AND :seq > (SELECT coalesce(max(seq), 0) FROM pending_eviction)")
    void recordHandedOut(@Bind("seq") long seq);

    @SqlQuery("SELECT " + COLUMNS + " FROM pending_eviction WHERE seq > :after ORDER BY seq LIMIT :limit")
    List<PendingRow> after(@Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM pending_eviction WHERE seq = :seq AND snapshot_id = :snapshotId)")
    boolean exists(@Bind("seq") long seq, @Bind("snapshotId") String snapshotId);

    @SqlQuery("SELECT count(*) FROM pending_eviction")
    long count();

    @SqlQuery("SELECT " + COLUMNS + " FROM pending_eviction ORDER BY seq")
    List<PendingRow> all();

    @SqlQuery("SELECT count(*) FROM pending_eviction p WHERE EXISTS"
            + " (SELECT 1 FROM entry e WHERE e.snapshot_id = p.snapshot_id)")
    long countMapped();
}
