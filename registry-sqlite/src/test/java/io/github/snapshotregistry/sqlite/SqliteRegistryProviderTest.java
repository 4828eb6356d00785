package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryProviderTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder().maxEntries(10).build();

    @TempDir
    Path folder;

    @Test
    void anAbsoluteSqliteUriOpensARegistryInThatFile() {
        Path file = folder.resolve("by-uri.db");

        try (SnapshotRegistry registry = SnapshotRegistries.open("sqlite:" + file, CONFIG)) {
            assertInstanceOf(SqliteSnapshotRegistry.class, registry);
            registry.put("key", SnapshotId.of("id"));
        }

        assertTrue(Files.exists(file));
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(file, CONFIG)) {
            assertEquals(Optional.of(SnapshotId.of("id")), registry.peek("key"));
        }
    }

    @Test
    void aRelativeSqliteUriIsAPathFromTheWorkingDirectory() {
        String relative = "target/provider-" + System.nanoTime() + ".db";
        Path file = Path.of(relative).toAbsolutePath();
        try (SnapshotRegistry registry = SnapshotRegistries.open("sqlite:" + relative, CONFIG)) {
            registry.put("key", SnapshotId.of("id"));
        } finally {
            assertTrue(Files.exists(file));
            for (String suffix : new String[] {"", ".lock", "-wal", "-shm"}) {
                file.resolveSibling(file.getFileName() + suffix).toFile().delete();
            }
        }
    }

    @Test
    void anEmptyLocationIsRejected() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SnapshotRegistries.open("sqlite:", CONFIG));

        assertTrue(failure.getMessage().contains("the path is empty"), failure.getMessage());
    }

    @Test
    void aLocationThatIsNotAPathIsRejected() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SnapshotRegistries.open("sqlite:reg\0istry.db", CONFIG));

        assertTrue(failure.getMessage().startsWith("sqlite:reg\0istry.db does not name a file: "), failure.getMessage());
    }

    @Test
    void theSchemeIsSqlite() {
        assertTrue(SnapshotRegistries.schemes().contains("sqlite"));
        assertEquals("sqlite", new SqliteRegistryProvider().scheme());
    }
}
