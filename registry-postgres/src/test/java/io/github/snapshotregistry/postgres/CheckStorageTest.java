package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class CheckStorageTest {

    @Test
    void aHealthyRegistryHasNoProblemsAndDamagedCountersAreReported() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(
                database.dataSource(), RegistryConfig.builder().maxEntries(5).build())) {
            registry.put("a", SnapshotId.of("1"), 1);
            registry.put("b", SnapshotId.of("2"), 2);
            assertEquals(List.of(), registry.checkStorage());

            try (Handle handle = Jdbi.open(database.dataSource())) {
                handle.execute("UPDATE snapshot_registry.registry SET entry_count = 7, total_weight = 9");
            }

            assertEquals(List.of("entry_count is 7 but there are 2 entries",
                    "total_weight is 9 but the entries weigh 3"), registry.checkStorage());
        }
    }
}
