package io.github.snapshotregistry.sqlite;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The one row of counters: the number of entries and their total weight. */
interface StateTable {

    @SqlQuery("SELECT entry_count, total_weight FROM registry_state WHERE id = 1")
    StateRow read();

    @SqlUpdate("UPDATE registry_state SET entry_count = :entryCount, total_weight = :totalWeight WHERE id = 1")
    void update(@Bind("entryCount") long entryCount, @Bind("totalWeight") long totalWeight);

    @SqlQuery("SELECT count(*) FROM entry")
    long countEntries();

    @SqlQuery("SELECT coalesce(sum(weight), 0) FROM entry")
    long sumWeights();
}
