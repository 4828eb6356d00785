package io.github.snapshotregistry.postgres;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The registries in one schema: one row each, holding the counters and the recency sequence. */
interface RegistryTable {

    String COUNTERS = "SELECT entry_count, total_weight, last_access_seq FROM <schema>.registry WHERE id = :registry";

    @SqlUpdate("INSERT INTO <schema>.registry (name) VALUES (:name) ON CONFLICT (name) DO NOTHING")
    void create(@Bind("name") String name);

    @SqlQuery("SELECT id FROM <schema>.registry WHERE name = :name")
    Optional<Long> idOf(@Bind("name") String name);

    /** Locks the registry's row for the rest of the transaction: writers of one registry take turns. */
    @SqlQuery(COUNTERS + " FOR NO KEY UPDATE")
    CounterRow lock(@Bind("registry") long registry);

    @SqlQuery(COUNTERS)
    CounterRow read(@Bind("registry") long registry);

    @SqlUpdate("UPDATE <schema>.registry SET entry_count = :entryCount, total_weight = :totalWeight,"
            + " last_access_seq = :lastAccessSeq WHERE id = :registry")
    void update(@Bind("registry") long registry, @Bind("entryCount") long entryCount,
            @Bind("totalWeight") long totalWeight, @Bind("lastAccessSeq") long lastAccessSeq);

    @SqlQuery("SELECT count(*) FROM <schema>.entry WHERE registry_id = :registry")
    long countEntries(@Bind("registry") long registry);

    @SqlQuery("SELECT coalesce(sum(weight), 0) FROM <schema>.entry WHERE registry_id = :registry")
    long sumWeights(@Bind("registry") long registry);
}
