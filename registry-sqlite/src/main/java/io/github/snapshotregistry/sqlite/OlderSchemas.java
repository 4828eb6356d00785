package io.github.snapshotregistry.sqlite;

import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Temporary views that let a read-only connection read a file of an older schema through the
 * current schema's names: they live in the connection's own temporary database, which shadows the
 * file's tables of the same name, and never touch the file.
 */
interface OlderSchemas {

    /**
     * The Rust original's entries: weight 1, access time from seconds, recency by access time then
     * insertion.
     */
    @SqlUpdate("CREATE TEMP VIEW entry AS SELECT key, snapshot_id, 1 AS weight,"
            + " accessed_at * 1000 AS last_access,"
            + " row_number() OVER (ORDER BY accessed_at, rowid) AS access_seq FROM main.snapshots")
    void rustOriginalEntries();

    @SqlUpdate("CREATE TEMP VIEW registry_state AS SELECT 1 AS id, count(*) AS entry_count,"
            + " count(*) AS total_weight, 0 AS pending_count FROM main.snapshots")
    void rustOriginalCounters();

    /** The Rust original had no outbox: an empty one. */
    @SqlUpdate("CREATE TEMP TABLE pending_eviction (seq INTEGER PRIMARY KEY, key TEXT NOT NULL,"
            + " snapshot_id TEXT NOT NULL, weight INTEGER NOT NULL, cause TEXT NOT NULL)")
    void rustOriginalOutbox();

    /** Version 1 did not count the pending evictions in its counter row (migration V2 does). */
    @SqlUpdate("CREATE TEMP VIEW registry_state AS SELECT id, entry_count, total_weight,"
            + " (SELECT count(*) FROM main.pending_eviction) AS pending_count FROM main.registry_state")
    void versionOneCounters();
}
