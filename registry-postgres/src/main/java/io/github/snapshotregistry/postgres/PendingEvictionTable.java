package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.jdbi.PendingRow;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox of removals not yet accepted by a listener. A row is delivered only by the host that
 * holds its lease ({@code claimed_until}, by the database's clock); a lease ends when the delivery
 * fails or expires when its host dies.
 */
interface PendingEvictionTable {

    String COLUMNS = "seq, key, snapshot_id, weight, cause";
    String LEASE = "clock_timestamp() + :leaseMillis * INTERVAL '1 millisecond'";
    String BY_SNAPSHOT = "registry_id = :registry AND sha256(snapshot_id) = sha256(:snapshotId)"
            + " AND snapshot_id = :snapshotId";

    /** Adds a removal, claimed by the inserting host so that it delivers it after commit. */
    @SqlQuery("INSERT INTO <schema>.pending_eviction (registry_id, key, snapshot_id, weight, cause, claimed_until)"
            + " VALUES (:registry, :key, :snapshotId, :weight, :cause, " + LEASE + ") RETURNING seq")
    long insertClaimed(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("snapshotId") byte[] snapshotId, @Bind("weight") long weight,
            @Bind("cause") String cause, @Bind("leaseMillis") long leaseMillis);

    /** Cancels the pending removals of an id that a key maps again. */
    @SqlUpdate("DELETE FROM <schema>.pending_eviction WHERE " + BY_SNAPSHOT)
    int cancel(@Bind("registry") long registry, @Bind("snapshotId") byte[] snapshotId);

    /** Claims the oldest unclaimed (or expired) rows after {@code after}, skipping rows being claimed. */
    @SqlQuery("UPDATE <schema>.pending_eviction SET claimed_until = " + LEASE
            + " WHERE registry_id = :registry AND seq IN (SELECT seq FROM <schema>.pending_eviction"
            + " WHERE registry_id = :registry AND seq > :after"
            + " AND (claimed_until IS NULL OR clock_timestamp() > claimed_until)"
            + " ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + COLUMNS)
    List<PendingRow> claim(@Bind("registry") long registry, @Bind("after") long after,
            @Bind("limit") int limit, @Bind("leaseMillis") long leaseMillis);

    /**
     * Tells whether a row is still pending: a put of its id cancels it, on any host. A put that
     * has cancelled it but not committed yet holds the row, and this waits for its outcome.
     */
    @SqlQuery("SELECT count(*) FROM (SELECT 1 FROM <schema>.pending_eviction"
            + " WHERE registry_id = :registry AND seq = :seq FOR KEY SHARE) AS held")
    int isPending(@Bind("registry") long registry, @Bind("seq") long seq);

    /** Removes a delivered row; answers 1, or 0 if it was gone. */
    @SqlUpdate("DELETE FROM <schema>.pending_eviction WHERE registry_id = :registry AND seq = :seq")
    int delete(@Bind("registry") long registry, @Bind("seq") long seq);

    /** Ends the lease of a row whose delivery failed, so that any host may retry it at once. */
    @SqlUpdate("UPDATE <schema>.pending_eviction SET claimed_until = NULL WHERE registry_id = :registry AND seq = :seq")
    void release(@Bind("registry") long registry, @Bind("seq") long seq);

    @SqlQuery("SELECT count(*) FROM <schema>.pending_eviction WHERE registry_id = :registry")
    long count(@Bind("registry") long registry);

    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.pending_eviction WHERE registry_id = :registry ORDER BY seq")
    List<PendingRow> all(@Bind("registry") long registry);

    @SqlQuery("SELECT count(*) FROM <schema>.pending_eviction p WHERE registry_id = :registry AND EXISTS"
            + " (SELECT 1 FROM <schema>.entry e WHERE e.registry_id = p.registry_id"
            + " AND sha256(e.snapshot_id) = sha256(p.snapshot_id) AND e.snapshot_id = p.snapshot_id)")
    long countMapped(@Bind("registry") long registry);
}
