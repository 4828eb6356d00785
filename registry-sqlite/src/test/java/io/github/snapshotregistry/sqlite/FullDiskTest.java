package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails mid-transaction (here: the disk is full, simulated with SQLite's {@code
 * max_page_count}) is rolled back at once: the write lock is released and the connection stays
 * usable, so writes succeed again once there is room, and other connections are never blocked.
 */
class FullDiskTest {

    private static final String BIG = "y".repeat(2000);
    private static final RegistryConfig MANY = RegistryConfig.builder().maxEntries(1_000_000).build();

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("registry.db");
    }

    /**
     * Puts big entries until one fails for lack of room, then fails one more put; returns how many
     * were stored.
     */
    private static int fillUntilFull(SqliteSnapshotRegistry registry) {
        registry.limitPages(1);
        int stored = 0;
        RegistryException failure = null;
        while (failure == null) {
            try {
                registry.put(BIG + stored, SnapshotId.of("id-" + stored));
                stored++;
            } catch (RegistryException full) {
                failure = full;
            }
        }
        assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
        assertThrows(RegistryException.class, () -> registry.put(BIG + "again", SnapshotId.of("again")));
        return stored;
    }

    @Test
    void aWriteThatFoundTheDiskFullLeavesTheRegistryWritableOnceThereIsRoom() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), MANY)) {
            registry.put("kept", SnapshotId.of("kept-id"));
            int stored = fillUntilFull(registry);

            registry.limitPages(1_000_000);
            registry.put("after", SnapshotId.of("after-id"));

            assertEquals(Optional.of(SnapshotId.of("after-id")), registry.peek("after"));
            assertEquals(Optional.of(SnapshotId.of("kept-id")), registry.peek("kept"));
            assertEquals(stored + 2, registry.size());
            assertEquals(List.of(), registry.checkStorage());
        }
    }

    @Test
    void everyWriteOnAFullDiskFailsForLackOfRoomNotForAnEarlierFailure() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), MANY)) {
            fillUntilFull(registry);

            RegistryException failure = assertThrows(RegistryException.class,
                    () -> registry.put(BIG + "later", SnapshotId.of("later")));

            assertTrue(failure.getMessage().startsWith("put failed on SQLite database " + file() + ": "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
        }
    }

    @Test
    void aWriteThatFoundTheDiskFullReleasesTheWriteLockForAnotherRegistryOnTheFile() {
        try (SqliteSnapshotRegistry full = SqliteSnapshotRegistry.open(file(), MANY);
                SqliteSnapshotRegistry other = SqliteSnapshotRegistry.builder(file())
                        .busyTimeout(Duration.ofMillis(500))
                        .open(MANY)) {
            fillUntilFull(full);

            other.put("by-other", SnapshotId.of("other-id"));

            assertEquals(Optional.of(SnapshotId.of("other-id")), full.peek("by-other"));
        }
    }

    @Test
    void aWriteThatFoundTheDiskFullReleasesTheWriteLockForAnotherProcess() throws Exception {
        Path stderr = folder.resolve("stderr.txt");
        try (SqliteSnapshotRegistry full = SqliteSnapshotRegistry.open(file(), MANY)) {
            fillUntilFull(full);

            ChildJvm child = ChildJvm.start(OpeningProcess.class, stderr, file().toString(), "by-child");
            try {
                ChildJvm.startTogether(List.of(child));
                child.awaitLine("opened");
                assertEquals(0, child.exitCode(), Files.readString(stderr));
            } finally {
                child.kill();
            }

            assertEquals(Optional.of(SnapshotId.of("by-child")), full.peek("by-child"));
        }
    }
}
