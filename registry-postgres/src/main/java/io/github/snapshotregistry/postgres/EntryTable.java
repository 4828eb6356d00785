package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.VictimRow;
import io.github.snapshotregistry.jdbi.WriteDialect.Evicted;
import io.github.snapshotregistry.jdbi.WriteDialect.Upserted;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The entries of the registries in one schema. Keys and snapshot ids are UTF-8 bytes, found through
 * the SHA-256 indexes; every statement is scoped to one registry and uses an index.
 */
interface EntryTable {

    String COLUMNS = "key, snapshot_id, weight, last_access, access_seq";
    String BY_KEY = "registry_id = :registry AND sha256(key) = sha256(:key) AND key = :key";
    /**
     * The least recently used entry, searched from {@code :from} on: an instance passes the number
     * of the last entry it evicted, as no entry is numbered below it (the sequence only grows), so
     * the search skips the index entries of rows evicted or moved since the last vacuum.
     */
    String VICTIM = "DELETE FROM <schema>.entry WHERE registry_id = :registry AND access_seq ="
            + " (SELECT min(access_seq) FROM <schema>.entry WHERE registry_id = :registry AND access_seq >= :from)"
            + " RETURNING " + COLUMNS + ", EXISTS (SELECT 1 FROM <schema>.entry other"
            + " WHERE other.registry_id = :registry AND sha256(other.snapshot_id) = sha256(entry.snapshot_id)"
            + " AND other.snapshot_id = entry.snapshot_id AND other.key <> entry.key) AS still_mapped";

    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.entry WHERE " + BY_KEY)
    Optional<EntryRow> find(@Bind("registry") long registry, @Bind("key") byte[] key);

    /**
     * A get hit: makes a live entry the most recently used, in one statement that takes no
     * registry-wide lock. Without expiry it answers the entry's id or nothing.
     */
    @SqlQuery("UPDATE <schema>.entry SET last_access = :now, access_seq = nextval(<accessSeq>) WHERE " + BY_KEY
            + " RETURNING snapshot_id")
    Optional<Access> touch(@Bind("registry") long registry, @Bind("key") byte[] key, @Bind("now") long now);

    /**
     * A get hit with expiry: as {@link #touch}, but it leaves an entry last accessed at or before
     * {@code cutoff} as it is and answers it as expired (an {@link Access} without id).
     */
    @SqlQuery("WITH touched AS (UPDATE <schema>.entry SET last_access = :now, access_seq = nextval(<accessSeq>)"
            + " WHERE " + BY_KEY + " AND last_access > :cutoff RETURNING snapshot_id)"
            + " SELECT snapshot_id FROM touched"
            + " UNION ALL SELECT NULL FROM <schema>.entry WHERE " + BY_KEY + " AND :cutoff >= last_access")
    Optional<Access> touchUnexpired(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("now") long now, @Bind("cutoff") long cutoff);

    /**
     * Maps a key to an id as the most recently used entry and cancels the pending removals of that
     * id, in one statement: answers the entry the key had before (if any) and how many pending
     * removals it cancelled.
     */
    @SqlQuery("WITH old AS (SELECT " + COLUMNS + " FROM <schema>.entry WHERE " + BY_KEY + "),"
            + " stored AS (INSERT INTO <schema>.entry (registry_id, key, snapshot_id, weight, last_access, access_seq)"
            + " VALUES (:registry, :key, :snapshotId, :weight, :now, nextval(<accessSeq>))"
            + " ON CONFLICT (registry_id, sha256(key)) DO UPDATE SET snapshot_id = excluded.snapshot_id,"
            + " weight = excluded.weight, last_access = excluded.last_access, access_seq = excluded.access_seq),"
            + " cancelled AS (DELETE FROM <schema>.pending_eviction WHERE registry_id = :registry"
            + " AND sha256(snapshot_id) = sha256(:snapshotId) AND snapshot_id = :snapshotId RETURNING seq)"
            + " SELECT old.key AS old_key, old.snapshot_id AS old_snapshot_id, old.weight AS old_weight,"
            + " old.last_access AS old_last_access, old.access_seq AS old_access_seq,"
            + " (SELECT count(*) FROM cancelled) AS cancelled FROM (VALUES (1)) AS one LEFT JOIN old ON true")
    Upserted upsert(@Bind("registry") long registry, @Bind("key") byte[] key, @Bind("snapshotId") byte[] snapshotId,
            @Bind("weight") long weight, @Bind("now") long now);

    /** Inserts a key's entry as the most recently used unless the key has one; answers 1 if it did. */
    @SqlUpdate("INSERT INTO <schema>.entry (registry_id, key, snapshot_id, weight, last_access, access_seq)"
            + " VALUES (:registry, :key, :snapshotId, :weight, :now, nextval(<accessSeq>))"
            + " ON CONFLICT (registry_id, sha256(key)) DO NOTHING")
    int insertIfAbsent(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("snapshotId") byte[] snapshotId, @Bind("weight") long weight, @Bind("now") long now);

    /** Replaces a key's entry, making it the most recently used; answers the entry as it was. */
    @SqlQuery("WITH old AS (SELECT " + COLUMNS + " FROM <schema>.entry WHERE " + BY_KEY + " FOR UPDATE),"
            + " replaced AS (UPDATE <schema>.entry SET snapshot_id = :snapshotId, weight = :weight,"
            + " last_access = :now, access_seq = nextval(<accessSeq>) WHERE " + BY_KEY + ")"
            + " SELECT " + COLUMNS + " FROM old")
    EntryRow replace(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("snapshotId") byte[] snapshotId, @Bind("weight") long weight, @Bind("now") long now);

    @SqlUpdate("DELETE FROM <schema>.entry WHERE " + BY_KEY)
    void delete(@Bind("registry") long registry, @Bind("key") byte[] key);

    /**
     * Evicts the least recently used entry and, unless another key still maps its id, offers the
     * removal to the outbox claimed by this host, in one statement. A get hit that moves that entry
     * while this runs makes it delete nothing (the hit's row no longer has the least number): the
     * caller then asks again. {@code seq} is 0 if another key still maps the id. No entry may be
     * numbered below {@code from} (see {@link #VICTIM}).
     */
    @SqlQuery("WITH victim AS (" + VICTIM + "),"
            + " offered AS (INSERT INTO <schema>.pending_eviction"
            + " (registry_id, key, snapshot_id, weight, cause, claimed_until)"
            + " SELECT :registry, key, snapshot_id, weight, 'CAPACITY', " + PendingEvictionTable.LEASE
            + " FROM victim WHERE NOT still_mapped RETURNING seq)"
            + " SELECT " + COLUMNS + ", coalesce((SELECT seq FROM offered), 0) AS seq, still_mapped FROM victim")
    Optional<Evicted> evictLeastRecentlyUsed(@Bind("registry") long registry, @Bind("from") long from,
            @Bind("leaseMillis") long leaseMillis);

    /**
     * Deletes the least recently used entry, answering whether another key still maps its id; like
     * {@link #evictLeastRecentlyUsed}, it deletes nothing if a concurrent get hit moved that entry.
     */
    @SqlQuery(VICTIM)
    Optional<VictimRow> deleteLeastRecentlyUsed(@Bind("registry") long registry, @Bind("from") long from);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <schema>.entry WHERE registry_id = :registry)")
    boolean any(@Bind("registry") long registry);

    /** The number of the most recent access, 0 if the registry is empty. */
    @SqlQuery("SELECT coalesce(max(access_seq), 0) FROM <schema>.entry WHERE registry_id = :registry")
    long lastAccessSeq(@Bind("registry") long registry);

    @SqlQuery("DELETE FROM <schema>.entry WHERE registry_id = :registry AND :cutoff >= last_access"
            + " RETURNING " + COLUMNS)
    List<EntryRow> deleteAccessedUntil(@Bind("registry") long registry, @Bind("cutoff") long cutoff);

    /** Deletes the least recently used entries accessed at or before {@code lastSeq}, at most {@code limit}. */
    @SqlQuery("DELETE FROM <schema>.entry WHERE registry_id = :registry AND access_seq IN"
            + " (SELECT access_seq FROM <schema>.entry WHERE registry_id = :registry AND access_seq <= :lastSeq"
            + " ORDER BY access_seq LIMIT :limit) RETURNING " + COLUMNS)
    List<EntryRow> deleteAccessedUpTo(@Bind("registry") long registry, @Bind("lastSeq") long lastSeq,
            @Bind("limit") int limit);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM <schema>.entry WHERE registry_id = :registry"
            + " AND sha256(snapshot_id) = sha256(:snapshotId) AND snapshot_id = :snapshotId)")
    boolean maps(@Bind("registry") long registry, @Bind("snapshotId") byte[] snapshotId);

    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.entry WHERE registry_id = :registry ORDER BY access_seq")
    List<EntryRow> all(@Bind("registry") long registry);

    /** The next page of entries in recency order: least recent first, after {@code seq}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.entry WHERE registry_id = :registry AND access_seq > :seq"
            + " ORDER BY access_seq LIMIT :limit")
    List<EntryRow> pageAfter(@Bind("registry") long registry, @Bind("seq") long seq, @Bind("limit") int limit);

    /** The next page of entries in reverse recency order: most recent first, before {@code seq}. */
    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.entry WHERE registry_id = :registry AND access_seq < :seq"
            + " ORDER BY access_seq DESC LIMIT :limit")
    List<EntryRow> pageBefore(@Bind("registry") long registry, @Bind("seq") long seq, @Bind("limit") int limit);

    /** What a get found: the id of the live entry it touched, or null for an expired entry it left. */
    record Access(SnapshotId snapshotId) {

        static Access map(ResultSet rs, StatementContext ctx) throws SQLException {
            byte[] id = rs.getBytes(1);
            return new Access(id == null ? null : SnapshotId.of(Rows.text(id)));
        }
    }
}
