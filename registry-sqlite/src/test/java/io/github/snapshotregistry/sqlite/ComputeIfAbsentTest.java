package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code computeIfAbsent} on SQLite beyond what the contract kit checks. */
class ComputeIfAbsentTest {

    @TempDir
    Path folder;

    @Test
    void aCreatorAskingForItsOwnKeyGetsIllegalStateNamingTheKeyAndNothingIsStored() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"),
                RegistryConfig.builder().maxEntries(10).build())) {

            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> registry.computeIfAbsent(
                    "key 1", key -> registry.computeIfAbsent(key, again -> SnapshotId.of("inner"))));

            assertTrue(thrown.getMessage().contains("key 1"), thrown.getMessage());
            assertEquals(Optional.empty(), registry.peek("key 1"));
            assertEquals(SnapshotId.of("later"), registry.computeIfAbsent("key 1", key -> SnapshotId.of("later")),
                    "the failed creation leaves the key free for the next one");
        }
    }
}
