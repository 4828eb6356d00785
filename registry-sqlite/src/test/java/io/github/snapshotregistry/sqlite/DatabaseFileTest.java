package io.github.snapshotregistry.sqlite;

import static io.github.snapshotregistry.sqlite.PlainSql.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which file opening names, locks and reads, and what a refused file is left with. */
class DatabaseFileTest {

    private static final RegistryConfig TEN = RegistryConfig.builder().maxEntries(10).build();

    @TempDir
    Path folder;

    @Test
    void aQuestionMarkInThePathIsPartOfTheFileNameNotAnOption() throws Exception {
        Path foreign = Files.createDirectory(folder.resolve("q")).resolve("foreign.db");
        execute(foreign, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO users VALUES (1, 'ada')");
        byte[] foreignBytes = Files.readAllBytes(foreign);
        Path literal = Files.createFile(folder.resolve("q/foreign.db?journal_mode=delete"));

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(literal, TEN)) {
            registry.put("key", SnapshotId.of("id"));
        }

        assertArrayEquals(foreignBytes, Files.readAllBytes(foreign), "the foreign file's bytes changed");
        assertEquals(List.of("foreign.db", "foreign.db?journal_mode=delete", "foreign.db?journal_mode=delete.lock"),
                PlainSql.filesIn(foreign.getParent()));
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(literal, TEN)) {
            assertEquals(Optional.of(SnapshotId.of("id")), registry.peek("key"));
        }
    }

    @Test
    void percentAndHashInThePathArePartOfTheFileName() throws Exception {
        Path file = folder.resolve("100%41 #1.db");

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, TEN)) {
            registry.put("key", SnapshotId.of("id"));
        }

        assertEquals(List.of("100%41 #1.db", "100%41 #1.db.lock"), PlainSql.filesIn(file.getParent()));
    }

    @Test
    void aSymbolicLinkToTheFileTakesTheLockBesideTheFileItself() throws Exception {
        Path file = folder.resolve("registry.db");
        Path link = Files.createSymbolicLink(folder.resolve("link.db"), file.getFileName());

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(link, TEN)) {
            registry.put("key", SnapshotId.of("id"));
        }

        assertEquals(List.of("link.db", "registry.db", "registry.db.lock"), PlainSql.filesIn(file.getParent()));
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, TEN)) {
            assertEquals(Optional.of(SnapshotId.of("id")), registry.peek("key"));
        }
    }

    @Test
    void threadsOpeningOneNewFileDirectlyAndThroughALinkAllSucceed() throws Exception {
        int rounds = Integer.getInteger("snapshotregistry.link.rounds", 5);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                Path file = folder.resolve("registry-" + round + ".db");
                Path link = Files.createSymbolicLink(folder.resolve("link-" + round + ".db"), file);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> opens = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Path path = i % 2 == 0 ? file : link;
                    String key = "thread " + i;
                    opens.add(pool.submit(() -> {
                        start.await();
                        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(path, TEN)) {
                            registry.put(key, SnapshotId.of(key));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> open : opens) {
                    open.get();
                }
                try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, TEN)) {
                    assertEquals(threads, registry.size(), "round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusedWalFileOfAnotherApplicationGetsNoCompany() throws Exception {
        Path file = folder.resolve("app.db");
        execute(file, "PRAGMA journal_mode=WAL", "CREATE TABLE users (id INTEGER PRIMARY KEY)");

        String message = refusedAlone(file);

        assertTrue(message.endsWith("it is not a snapshot registry database (found tables: users)"), message);
    }

    @Test
    void aRefusedFileOfANewerSchemaGetsNoCompany() throws Exception {
        Path file = folder.resolve("newer.db");
        markedNewer(file, String.valueOf(Migrations.VERSION + 1));

        String message = refusedAlone(file);

        assertTrue(message.contains("newer"), message);
    }

    @Test
    void aNewerSchemaWithAFractionalVersionIsRefusedAsNewerNamingBothVersions() throws Exception {
        Path file = folder.resolve("newer.db");
        String newer = Migrations.VERSION + ".1";
        markedNewer(file, newer);

        String message = refusedAlone(file);

        assertTrue(message.contains("schema has version " + newer + ", newer than this library's "
                + Migrations.VERSION), message);
        assertFalse(message.toLowerCase().contains("repair"), message);
    }

    @Test
    void aTextFileIsRefusedWithNoLockFileBesideIt() throws Exception {
        Path file = folder.resolve("notes.txt");
        Files.writeString(file, "remember the milk\n");

        String message = refusedAlone(file);

        assertTrue(message.contains("it is not an SQLite database"), message);
    }

    /**
     * Opens a file that must be refused and checks that it was, leaving its bytes and the folder's
     * files as they were; returns the message.
     */
    private String refusedAlone(Path file) throws IOException {
        byte[] before = Files.readAllBytes(file);
        List<String> siblings = PlainSql.filesIn(file.getParent());

        RegistryException failure = assertThrows(RegistryException.class, () -> SqliteSnapshotRegistry.builder(file)
                .busyTimeout(Duration.ofSeconds(1))
                .open(TEN));

        assertArrayEquals(before, Files.readAllBytes(file), "the file's bytes changed");
        assertEquals(siblings, PlainSql.filesIn(file.getParent()), "files beside it");
        assertTrue(failure.getMessage().startsWith("open failed on SQLite database " + file + ": "), failure.getMessage());
        return failure.getMessage();
    }

    /** Makes a registry file whose history records a successful migration of the given version. */
    private static void markedNewer(Path file, String version) throws Exception {
        SqliteSnapshotRegistry.open(file, TEN).close();
        Files.delete(file.resolveSibling(file.getFileName() + ".lock"));
        execute(file, "INSERT INTO snapshot_registry_schema_history"
                + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
                + " VALUES (100, '" + version + "', 'from the future', 'SQL', 'V" + version
                + "__from_the_future.sql', 0, 'test', 0, 1)");
    }
}
