package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.EntryRow;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the snapshot store holds, loaded for one reconciliation into a table of the connection's
 * own temporary database (never the registry's file, so an inspecting connection can use it too),
 * and joined there with the entries and the outbox; beside it, the outbox rows this registry's
 * listener accepted and has not deleted yet, which are pending no more. A modification time is its
 * epoch second and nanosecond, compared exactly.
 */
interface StoreContents {

    @SqlUpdate("CREATE TEMP TABLE IF NOT EXISTS stored_snapshot (snapshot_id TEXT PRIMARY KEY,"
            + " modified_second INTEGER NOT NULL, modified_nano INTEGER NOT NULL, position INTEGER NOT NULL)")
    void createStored();

    @SqlUpdate("CREATE TEMP TABLE IF NOT EXISTS accepted_eviction (seq INTEGER PRIMARY KEY)")
    void createAccepted();

    @SqlUpdate("DELETE FROM temp.stored_snapshot")
    void clearStored();

    @SqlUpdate("DELETE FROM temp.accepted_eviction")
    void clearAccepted();

    @SqlBatch("INSERT INTO temp.accepted_eviction (seq) VALUES (:seq)")
    void addAccepted(@Bind("seq") List<Long> seqs);

    /** Adds stored snapshots; an id listed again keeps its first place and time. */
    @SqlBatch("INSERT INTO temp.stored_snapshot (snapshot_id, modified_second, modified_nano, position)"
            + " VALUES (:snapshotId, :second, :nano, :position) ON CONFLICT (snapshot_id) DO NOTHING")
    void add(@Bind("snapshotId") List<String> snapshotIds, @Bind("second") List<Long> seconds,
            @Bind("nano") List<Integer> nanos, @Bind("position") List<Long> positions);

    /**
     * The stored ids, in the store's order, that no entry maps, no pending eviction names (but for
     * accepted ones), and that were modified at or before the given instant.
     */
    @SqlQuery("SELECT s.snapshot_id FROM temp.stored_snapshot s"
            + " WHERE (s.modified_second < :second OR s.modified_second = :second AND s.modified_nano <= :nano)"
            + " AND NOT EXISTS (SELECT 1 FROM entry e WHERE e.snapshot_id = s.snapshot_id)"
            + " AND NOT EXISTS (SELECT 1 FROM pending_eviction p WHERE p.snapshot_id = s.snapshot_id"
            + " AND p.seq NOT IN (SELECT seq FROM temp.accepted_eviction))"
            + " ORDER BY s.position")
    List<String> orphans(@Bind("second") long second, @Bind("nano") int nano);

    /** The entries whose id the store does not hold, least recently used first. */
    @SqlQuery("SELECT " + EntryTable.COLUMNS + " FROM entry e WHERE NOT EXISTS"
            + " (SELECT 1 FROM temp.stored_snapshot s WHERE s.snapshot_id = e.snapshot_id) ORDER BY e.access_seq")
    List<EntryRow> missing();
}
