package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rm, clean and retry, in process, on registry files made by the library, with {@code --on-evict}
 * commands that append what they were given to a log file (and fail when told to).
 */
class RemovingCommandsTest {

    @TempDir
    Path folder;

    private Path file;
    private String uri;
    private Path log;

    @BeforeEach
    void makeRegistry() {
        file = RegistryFiles.standard(folder);
        uri = "sqlite:" + file;
        log = folder.resolve("evictions.log");
    }

    /** An --on-evict command that logs its id, key and cause, then exits with {@code status}. */
    private String logging(int status) {
        return "echo {id} {key} {cause} {weight} >> '" + log + "'; exit " + status;
    }

    private List<String> logged() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void rmRemovesTheEntryAndRunsTheOnEvictCommandForItsSnapshot() throws IOException {
        CliRun run = CliRun.run("--registry", uri, "rm", "build-2", "--on-evict", logging(0));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("build-1", "build-3"), RegistryFiles.keys(file));
        List<String> logged = logged();
        assertTrue(logged.contains("snap-2 build-2 EXPLICIT 1572864"), () -> "logged " + logged);
        assertTrue(run.outLines().contains("removed build-2 (snapshot snap-2)"), run::toString);
        assertEquals(List.of(), RegistryFiles.pending(file), "opening delivered the earlier pending eviction too");
    }

    @Test
    void opensWithTheOnEvictCommandSoEvictionsLeftPendingEarlierAreDeliveredFirst() throws IOException {
        CliRun run = CliRun.run("--registry", uri, "--json", "rm", "build-2", "--on-evict", logging(0));

        assertEquals(List.of("snap-gone gone EXPLICIT 2048", "snap-2 build-2 EXPLICIT 1572864"), logged());
        Map<String, Object> document = run.json();
        assertEquals(Map.of("key", "build-2", "snapshotId", "snap-2", "delivered", 2L, "failed", 0L,
                "pendingEvictions", 0L), JsonReader.withoutNulls(document));
        assertTrue(document.containsKey("firstFailure"), run::toString);
    }

    @Test
    void aFailingOnEvictCommandLeavesTheEvictionPendingAndSaysWhy() throws IOException {
        CliRun run = CliRun.run("--registry", uri, "rm", "build-1", "--on-evict", logging(7));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("build-2", "build-3"), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone", "snap-1"), RegistryFiles.pendingIds(file));
        assertEquals(List.of(
                "removed build-1 (snapshot snap-1)",
                "0 delivered, 2 failed, 2 pending",
                "first failure: the --on-evict command exited with status 7 for snapshot snap-gone"), run.outLines());
    }

    @Test
    void rmOfAnAbsentKeyExitsWithOneAndRemovesNothing() {
        CliRun run = CliRun.run("--registry", uri, "rm", "nope", "--keep-pending");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals(List.of("snapshot-registry: no entry for key 'nope' in " + uri), run.errLines());
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file));
    }

    @Test
    void rmWithKeepPendingRemovesTheEntryAndLeavesItsEvictionPending() {
        CliRun run = CliRun.run("--registry", uri, "rm", "build-3", "--keep-pending", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("build-1", "build-2"), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone", "snap-3"), RegistryFiles.pendingIds(file));
        assertEquals(Map.of("key", "build-3", "snapshotId", "snap-3", "delivered", 0L, "failed", 0L,
                "pendingEvictions", 2L), JsonReader.withoutNulls(run.json()));
    }

    @Test
    void removingWithoutOnEvictOrKeepPendingIsRefusedAsUsageBeforeAnythingChanges() {
        for (List<String> args : List.of(List.of("rm", "build-1"), List.of("clean"), List.of("retry"))) {
            CliRun run = CliRun.run(concat(List.of("--registry", uri), args));

            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("", run.out());
            assertEquals(1, run.errLines().size(), run::toString);
            assertTrue(run.err().contains("--on-evict") && run.err().contains("--keep-pending"), run::toString);
        }
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone"), RegistryFiles.pendingIds(file));
    }

    @Test
    void onEvictAndKeepPendingTogetherAreRefused() {
        CliRun run = CliRun.run("--registry", uri, "clean", "--on-evict", "true", "--keep-pending");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("snapshot-registry: --on-evict and --keep-pending exclude each other"
                + " (see snapshot-registry --help)"), run.errLines());
        assertEquals(3, RegistryFiles.keys(file).size());
    }

    @Test
    void cleanRemovesEveryEntryAndDeliversEverySnapshot() throws IOException {
        CliRun run = CliRun.run("--registry", uri, "clean", "--on-evict", logging(0));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(), RegistryFiles.keys(file));
        assertEquals(List.of(), RegistryFiles.pending(file));
        assertEquals(List.of("snap-gone", "snap-1", "snap-2", "snap-3"),
                logged().stream().map(line -> line.split(" ")[0]).toList());
        assertEquals(List.of("removed 3 entries", "4 delivered, 0 failed, 0 pending"), run.outLines());
    }

    @Test
    void cleanJsonCountsTheRemovalsAndTheDeliveries() {
        CliRun run = CliRun.run("--registry", uri, "clean", "--json", "--on-evict", "test {id} != snap-2");

        assertEquals(Map.of("removed", 3L, "remaining", 0L, "delivered", 3L, "failed", 1L, "pendingEvictions", 1L,
                "firstFailure", "the --on-evict command exited with status 1 for snapshot snap-2"), run.json());
        assertEquals(List.of("snap-2"), RegistryFiles.pendingIds(file));
    }

    @Test
    void cleanWithKeepPendingLeavesEverySnapshotPending() {
        CliRun run = CliRun.run("--registry", uri, "clean", "--keep-pending");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone", "snap-1", "snap-2", "snap-3"), RegistryFiles.pendingIds(file));
        assertEquals(List.of("removed 3 entries", "deliveries left to the service (--keep-pending): 4 pending"),
                run.outLines());
    }

    @Test
    void retryDeliversThePendingEvictions() throws IOException {
        CliRun run = CliRun.run("--registry", uri, "retry", "--json", "--on-evict", logging(0));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snap-gone gone EXPLICIT 2048"), logged());
        assertEquals(Map.of("delivered", 1L, "failed", 0L, "pendingEvictions", 0L), JsonReader.withoutNulls(run.json()));
        assertEquals(List.of(), RegistryFiles.pending(file));
        assertEquals(3, RegistryFiles.keys(file).size(), "retry removes no entry");
    }

    @Test
    void retryWithAFailingCommandRunsItOncePerSnapshotAndLeavesThePendingEvictions() throws IOException {
        CliRun.run("--registry", uri, "clean", "--keep-pending");

        CliRun run = CliRun.run("--registry", uri, "retry", "--on-evict", logging(1));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snap-gone", "snap-1", "snap-2", "snap-3"),
                logged().stream().map(line -> line.split(" ")[0]).toList(), "one attempt each, though opening"
                        + " and retry both offered them");
        assertEquals(List.of("snap-gone", "snap-1", "snap-2", "snap-3"), RegistryFiles.pendingIds(file));
        assertEquals("0 delivered, 4 failed, 4 pending", run.outLines().get(0));
    }

    @Test
    void placeholdersAreQuotedSoThatAKeyIsNeverShellSyntax() throws IOException {
        String key = "x'; touch '" + folder.resolve("pwned") + "'; echo '$(id) `id`";
        RegistryFiles.put(file, key, "snap-evil");

        CliRun run = CliRun.run("--registry", uri, "rm", key, "--on-evict", "printf '%s\\n' {key} >> '" + log + "'");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(key), logged().subList(1, 2));
        assertTrue(Files.notExists(folder.resolve("pwned")));
    }

    @Test
    void onTerminalLongDeliveriesShowProgressOnTheErrorStream() {
        Path big = RegistryFiles.ofSize(folder, 25);

        CliRun run = CliRun.onTerminal("--registry", "sqlite:" + big, "clean", "--on-evict", "true");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("\rclean: 1 delivered, 0 failed"), run::toString);
        assertTrue(run.err().endsWith("\rclean: 25 delivered, 0 failed" + System.lineSeparator()), run::toString);
    }

    @Test
    void whenPipedNoProgressIsShown() {
        Path big = RegistryFiles.ofSize(folder, 25);

        CliRun run = CliRun.run("--registry", "sqlite:" + big, "clean", "--on-evict", "true");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
    }

    private static String[] concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }
}
