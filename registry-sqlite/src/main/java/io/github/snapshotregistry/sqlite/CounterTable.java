package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.CounterStatements;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The counters row ({@code registry_state}): the number of entries, their total weight and the
 * number of pending evictions; its {@code outbox_seq} belongs to {@link OutboxWrites}.
 */
interface CounterTable extends CounterStatements {

    @Override
    @SqlQuery("SELECT entry_count, total_weight, pending_count FROM registry_state WHERE id = 1")
    CounterRow read();

    @Override
    @SqlUpdate("UPDATE registry_state SET entry_count = :entryCount, total_weight = :totalWeight,"
            + " pending_count = :pendingCount WHERE id = 1")
    void update(@Bind("entryCount") long entryCount, @Bind("totalWeight") long totalWeight,
            @Bind("pendingCount") long pendingCount);

    @SqlQuery("SELECT count(*) FROM entry")
    long countEntries();

    @SqlQuery("SELECT coalesce(sum(weight), 0) FROM entry")
    long sumWeights();
}
