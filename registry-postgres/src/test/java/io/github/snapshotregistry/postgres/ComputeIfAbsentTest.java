package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComputeIfAbsentTest {

    @Test
    void aCreatorThatComputesItsOwnKeyGetsAnIllegalStateExceptionNamingTheKeyAndStoresNothing() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(
                database.dataSource(), RegistryConfig.builder().maxEntries(10).build())) {

            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> registry.computeIfAbsent(
                    "image 7", key -> registry.computeIfAbsent(key, again -> SnapshotId.of("inner"))));

            assertTrue(failure.getMessage().contains("image 7"), failure.getMessage());
            assertEquals(Optional.empty(), registry.peek("image 7"));
            assertEquals(SnapshotId.of("later"), registry.computeIfAbsent("image 7", key -> SnapshotId.of("later")),
                    "the failed creation no longer blocks the key");
        }
    }
}
