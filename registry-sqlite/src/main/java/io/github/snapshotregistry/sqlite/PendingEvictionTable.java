package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.OutboxStatements;
import io.github.snapshotregistry.jdbi.PendingRow;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox of removals that no listener has accepted yet, oldest first by {@code seq}. A row is
 * named by its {@code seq} and snapshot id; a seq is never handed out again (AUTOINCREMENT, migration V3).
 */
interface PendingEvictionTable extends OutboxStatements {

    String COLUMNS = "seq, key, snapshot_id, weight, cause";

    @Override
    @SqlQuery("INSERT INTO pending_eviction (key, snapshot_id, weight, cause)"
            + " VALUES (:key, :snapshotId, :weight, :cause) RETURNING seq")
    long insert(@Bind("key") String key, @Bind("snapshotId") String snapshotId, @Bind("weight") long weight,
            @Bind("cause") String cause);

    @Override
    @SqlUpdate("DELETE FROM pending_eviction WHERE snapshot_id = :snapshotId")
    int cancel(@Bind("snapshotId") String snapshotId);

    @Override
    @SqlUpdate("DELETE FROM pending_eviction WHERE seq = :seq AND snapshot_id = :snapshotId")
    int delete(@Bind("seq") long seq, @Bind("snapshotId") String snapshotId);

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
