package io.github.snapshotregistry.sqlite;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The entries, one row per key. Every statement but {@link #all} and {@link #deleteAll} finds its
 * rows through an index (see {@code QueryPlanTest}).
 */
interface EntryTable {

    String COLUMNS = "key, snapshot_id, weight, last_access, access_seq";

    @SqlQuery("SELECT " + COLUMNS + " FROM entry WHERE key = :key")
    Optional<EntryRow> find(@Bind("key") String key);

    @SqlUpdate("INSERT INTO entry (key, snapshot_id, weight, last_access, access_seq)"
            + " VALUES (:key, :snapshotId, :weight, :lastAccess, :accessSeq)")
    void insert(@Bind("key") String key, @Bind("snapshotId") String snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("UPDATE entry SET snapshot_id = :snapshotId, weight = :weight, last_access = :lastAccess,"
            + " access_seq = :accessSeq WHERE key = :key")
    void update(@Bind("key") String key, @Bind("snapshotId") String snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("UPDATE entry SET last_access = :lastAccess, access_seq = :accessSeq WHERE key = :key")
    void touch(@Bind("key") String key, @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("DELETE FROM entry WHERE key = :key")
    void delete(@Bind("key") String key);

    @SqlQuery("DELETE FROM entry WHERE access_seq = (SELECT min(access_seq) FROM entry) RETURNING " + COLUMNS)
    Optional<EntryRow> deleteLeastRecentlyUsed();

    @SqlQuery("DELETE FROM entry WHERE last_access <= :cutoff RETURNING " + COLUMNS)
    List<EntryRow> deleteAccessedUntil(@Bind("cutoff") long cutoff);

    @SqlQuery("DELETE FROM entry RETURNING " + COLUMNS)
    List<EntryRow> deleteAll();

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM entry WHERE snapshot_id = :snapshotId)")
    boolean maps(@Bind("snapshotId") String snapshotId);

    @SqlQuery("SELECT " + COLUMNS + " FROM entry ORDER BY access_seq")
    List<EntryRow> all();
}
