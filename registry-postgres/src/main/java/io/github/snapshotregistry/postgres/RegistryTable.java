package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.WriteDialect.Acknowledged;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The registries in one schema: one row each, holding the counters (entry count, total weight and
 * pending count).
 */
interface RegistryTable {

    String COUNTERS = "SELECT entry_count, total_weight, pending_count FROM <schema>.registry WHERE id = :registry";

    @SqlUpdate("INSERT INTO <schema>.registry (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
    void create(@Bind("name") String name);

    @SqlQuery("SELECT id FROM <schema>.registry WHERE name = :name")
    Optional<Long> idOf(@Bind("name") String name);

    /**
     * Locks the registry's row for the rest of the transaction (writers of one registry take
     * turns) and then deletes the outbox rows {@code accepted} names, which listeners accepted
     * since: their acknowledgement rides on the next write instead of costing a statement each.
     * The lock comes first, so an acknowledgement never holds an outbox row while it waits for
     * the registry's row.
     */
    @SqlQuery("WITH locked AS (" + COUNTERS + " FOR NO KEY UPDATE),"
            + " acknowledged AS (DELETE FROM <schema>.pending_eviction WHERE registry_id ="
            + " (SELECT :registry FROM locked) AND seq = ANY (:accepted) RETURNING seq)"
            + " SELECT entry_count, total_weight, pending_count, (SELECT count(*) FROM acknowledged) AS acknowledged"
            + " FROM locked")
    Acknowledged lock(@Bind("registry") long registry, @Bind("accepted") long[] accepted);

    @SqlQuery(COUNTERS)
    CounterRow read(@Bind("registry") long registry);

    @SqlUpdate("UPDATE <schema>.registry SET entry_count = :entryCount, total_weight = :totalWeight,"
            + " pending_count = :pendingCount WHERE id = :registry")
    void update(@Bind("registry") long registry, @Bind("entryCount") long entryCount,
            @Bind("totalWeight") long totalWeight, @Bind("pendingCount") long pendingCount);

    @SqlQuery("SELECT count(*) FROM <schema>.entry WHERE registry_id = :registry")
    long countEntries(@Bind("registry") long registry);

    @SqlQuery("SELECT coalesce(sum(weight), 0) FROM <schema>.entry WHERE registry_id = :registry")
    long sumWeights(@Bind("registry") long registry);
}
