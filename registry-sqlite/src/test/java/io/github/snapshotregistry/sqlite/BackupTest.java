package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteSnapshotRegistry#backup}: a consistent copy that opens as the same registry. */
class BackupTest {

    @TempDir
    Path folder;

    @Test
    void theCopyOpensWithTheSameEntriesOrderAndPendingEvictions() {
        RegistryConfig rejecting = RegistryConfig.builder().maxEntries(3).evictionListener(eviction -> {
            throw new IOException("backend down");
        }).build();
        Path copy = folder.resolve("copy?.db");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"), rejecting)) {
            registry.put("a", SnapshotId.of("A"), 5);
            registry.put("b", SnapshotId.of("B"));
            registry.put("c", SnapshotId.of("C"));
            registry.get("a");
            registry.put("d", SnapshotId.of("D"));

            registry.backup(copy);

            try (SqliteSnapshotRegistry restored = SqliteSnapshotRegistry.open(copy, rejecting)) {
                assertEquals(registry.entries(), restored.entries());
                assertEquals(registry.listPendingEvictions(), restored.listPendingEvictions());
                assertEquals(1, restored.pendingEvictions());
            }
        }
    }

    @Test
    void anExistingDestinationIsRefusedAndLeftUnchanged() throws IOException {
        Path existing = Files.writeString(folder.resolve("existing.db"), "keep me");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"),
                RegistryConfig.builder().maxEntries(3).build())) {
            registry.put("a", SnapshotId.of("A"));

            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> registry.backup(existing));

            assertEquals("backup destination " + existing + " exists already", failure.getMessage());
            assertArrayEquals("keep me".getBytes(), Files.readAllBytes(existing));
        }
    }
}
