package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.EntryStatements;
import io.github.snapshotregistry.jdbi.VictimRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The entries, one row per key: the engine's {@link EntryStatements} and the adapter's reads. Every
 * statement but {@link #all} finds its rows through an index (see {@code QueryPlanTest}). An access
 * makes an entry the most recently used by giving it one more than the highest {@code access_seq},
 * read from the recency index.
 */
interface EntryTable extends EntryStatements {

    String COLUMNS = "key, snapshot_id, weight, last_access, access_seq";
    String NEXT_ACCESS = "(SELECT coalesce(max(access_seq), 0) + 1 FROM entry)";
    String OLDEST_ACCESS = "(SELECT min(access_seq) FROM entry)";

    @Override
    @SqlQuery("SELECT " + COLUMNS + " FROM entry WHERE key = :key")
    Optional<EntryRow> find(@Bind("key") String key);

    /** {@inheritDoc} A plain return type: Jdbi resolves an {@code Optional}'s element type by reflection on every call. */
    @Override
    @SqlQuery("UPDATE entry SET last_access = :lastAccess, access_seq = " + NEXT_ACCESS
            + " WHERE key = :key AND last_access > :cutoff RETURNING snapshot_id")
    String touchUnexpired(@Bind("key") String key, @Bind("lastAccess") long lastAccess,
            @Bind("cutoff") long cutoff);

    @Override
    @SqlUpdate("INSERT INTO entry (key, snapshot_id, weight, last_access, access_seq)"
            + " VALUES (:key, :snapshotId, :weight, :lastAccess, " + NEXT_ACCESS + ")"
            + " ON CONFLICT (key) DO NOTHING")
    int insertIfAbsent(@Bind("key") String key, @Bind("snapshotId") String snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess);

    /** {@inheritDoc} Two statements: SQLite's {@code RETURNING} answers the new row, not the old. */
    @Override
    default EntryRow replace(String key, String snapshotId, long weight, long lastAccess) {
        EntryRow old = find(key).orElseThrow();
        update(key, snapshotId, weight, lastAccess);
        return old;
    }

    @SqlUpdate("UPDATE entry SET snapshot_id = :snapshotId, weight = :weight, last_access = :lastAccess,"
            + " access_seq = " + NEXT_ACCESS + " WHERE key = :key")
    void update(@Bind("key") String key, @Bind("snapshotId") String snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess);

    @Override
    @SqlUpdate("DELETE FROM entry WHERE key = :key")
    void delete(@Bind("key") String key);

    /** {@inheritDoc} One statement per expired entry, walking the recency index from its oldest end. */
    @Override
    default List<EntryRow> deleteExpired(long cutoff) {
        List<EntryRow> expired = new ArrayList<>();
        for (Optional<EntryRow> oldest = deleteOldestIfExpired(cutoff); oldest.isPresent();
                oldest = deleteOldestIfExpired(cutoff)) {
            expired.add(oldest.get());
        }
        return expired;
    }

    /** Deletes the least recently used entry if it was last accessed at or before {@code cutoff}, and answers it. */
    @SqlQuery("DELETE FROM entry WHERE access_seq = " + OLDEST_ACCESS + " AND last_access <= :cutoff RETURNING "
            + COLUMNS)
    Optional<EntryRow> deleteOldestIfExpired(@Bind("cutoff") long cutoff);

    /**
     * {@inheritDoc} In the {@code RETURNING} clause, the {@code key <>} gives the same answer whether
     * the subquery sees the deleted row or not.
     */
    @Override
    @SqlQuery("DELETE FROM entry WHERE access_seq = " + OLDEST_ACCESS + " RETURNING " + COLUMNS
            + ", EXISTS (SELECT 1 FROM entry e WHERE e.snapshot_id = entry.snapshot_id AND e.key <> entry.key)"
            + " AS still_mapped")
    Optional<VictimRow> deleteLeastRecentlyUsed();

    /** The highest access number in the file (0 if there are no entries): the most recent access so far. */
    @SqlQuery("SELECT coalesce(max(access_seq), 0) FROM entry")
    long newestAccess();

    @Override
    @SqlQuery("DELETE FROM entry WHERE access_seq IN (SELECT access_seq FROM entry WHERE access_seq <= :through"
            + " ORDER BY access_seq LIMIT :limit) RETURNING " + COLUMNS)
    List<EntryRow> deleteOldest(@Bind("through") long through, @Bind("limit") int limit);

    @Override
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM entry WHERE snapshot_id = :snapshotId)")
    boolean maps(@Bind("snapshotId") String snapshotId);

    @SqlQuery("SELECT " + COLUMNS + " FROM entry ORDER BY access_seq")
    List<EntryRow> all();

    /** Up to {@code limit} entries accessed after access number {@code after}, least recently used first. */
    @SqlQuery("SELECT " + COLUMNS + " FROM entry WHERE access_seq > :after ORDER BY access_seq LIMIT :limit")
    List<EntryRow> pageAfter(@Bind("after") long after, @Bind("limit") int limit);

    /**
     * Up to {@code limit} entries accessed after access number {@code after} and before {@code
     * before}, most recently used first.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM entry WHERE access_seq > :after AND access_seq < :before"
            + " ORDER BY access_seq DESC LIMIT :limit")
    List<EntryRow> pageBefore(@Bind("after") long after, @Bind("before") long before, @Bind("limit") int limit);
}
