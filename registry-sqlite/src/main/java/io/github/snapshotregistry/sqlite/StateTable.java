package io.github.snapshotregistry.sqlite;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The one row of counters: entries, their total weight, and the last access number handed out. */
interface StateTable {

    @SqlQuery("SELECT entry_count, total_weight, last_access_seq FROM registry_state WHERE id = 1")
    StateRow read();

    @SqlUpdate("UPDATE registry_state SET entry_count = :entryCount, total_weight = :totalWeight,"
            + " last_access_seq = :lastAccessSeq WHERE id = 1")
    void update(@Bind("entryCount") long entryCount, @Bind("totalWeight") long totalWeight,
            @Bind("lastAccessSeq") long lastAccessSeq);

    @SqlQuery("SELECT count(*) FROM entry")
    long countEntries();

    @SqlQuery("SELECT coalesce(sum(weight), 0) FROM entry")
    long sumWeights();

    @SqlQuery("SELECT coalesce(max(access_seq), 0) FROM entry")
    long lastEntryAccessSeq();
}
