package io.github.snapshotregistry.postgres;

import java.util.List;
import java.util.Optional;
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

    @SqlQuery("SELECT " + COLUMNS + " FROM <schema>.entry WHERE " + BY_KEY)
    Optional<EntryRow> find(@Bind("registry") long registry, @Bind("key") byte[] key);

    @SqlUpdate("INSERT INTO <schema>.entry (registry_id, key, snapshot_id, weight, last_access, access_seq)"
            + " VALUES (:registry, :key, :snapshotId, :weight, :lastAccess, :accessSeq)")
    void insert(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("snapshotId") byte[] snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("UPDATE <schema>.entry SET snapshot_id = :snapshotId, weight = :weight,"
            + " last_access = :lastAccess, access_seq = :accessSeq WHERE " + BY_KEY)
    void update(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("snapshotId") byte[] snapshotId, @Bind("weight") long weight,
            @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("UPDATE <schema>.entry SET last_access = :lastAccess, access_seq = :accessSeq WHERE " + BY_KEY)
    void touch(@Bind("registry") long registry, @Bind("key") byte[] key,
            @Bind("lastAccess") long lastAccess, @Bind("accessSeq") long accessSeq);

    @SqlUpdate("DELETE FROM <schema>.entry WHERE " + BY_KEY)
    void delete(@Bind("registry") long registry, @Bind("key") byte[] key);

    @SqlQuery("DELETE FROM <schema>.entry WHERE registry_id = :registry AND access_seq ="
            + " (SELECT min(access_seq) FROM <schema>.entry WHERE registry_id = :registry)"
            + " RETURNING " + COLUMNS)
    Optional<EntryRow> deleteLeastRecentlyUsed(@Bind("registry") long registry);

    @SqlQuery("DELETE FROM <schema>.entry WHERE registry_id = :registry AND :cutoff >= last_access"
            + " RETURNING " + COLUMNS)
    List<EntryRow> deleteAccessedUntil(@Bind("registry") long registry, @Bind("cutoff") long cutoff);

    /** Deletes the least recently used expired entries, at most {@code limit} of them. */
    @SqlQuery("DELETE FROM <schema>.entry WHERE registry_id = :registry AND access_seq IN"
            + " (SELECT access_seq FROM <schema>.entry WHERE registry_id = :registry AND :cutoff >= last_access"
            + " ORDER BY access_seq LIMIT :limit) RETURNING " + COLUMNS)
    List<EntryRow> deleteExpired(@Bind("registry") long registry, @Bind("cutoff") long cutoff,
            @Bind("limit") int limit);

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
}
