package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a real process ({@code java -cp <test classpath> SnapshotRegistryCli}), its output piped
 * as a script's would be: exit statuses from {@code System.exit}, the standard streams as bytes.
 */
class CliProcessTest {

    @TempDir
    Path folder;

    private String uri;

    @BeforeEach
    void makeRegistry() {
        uri = "sqlite:" + RegistryFiles.standard(folder);
    }

    /** What a process printed and how it ended. */
    private record Ended(int exitCode, String out, String err) {

        Map<String, Object> json() {
            return JsonReader.object(out);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private Ended run(String... args) throws IOException, InterruptedException {
        return runWith(Map.of(), args);
    }

    /** Runs with these environment variables added, such as a locale. */
    private Ended runWith(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return runInHeap(environment, "-Xmx128m", args);
    }

    private Ended runInHeap(Map<String, String> environment, String heap, String... args)
            throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:TieredStopAtLevel=1", "-cp", classpath, SnapshotRegistryCli.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(folder, "out", ".txt");
        Path err = Files.createTempFile(folder, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        int exitCode = process.waitFor();
        return new Ended(exitCode, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void statsPrintsTheRegistryForPeople() throws Exception {
        Ended stats = run("--registry", uri, "stats", "--bytes");

        assertEquals(0, stats.exitCode(), stats::toString);
        assertEquals(List.of(
                "registry           " + uri,
                "entries            3, unbounded",
                "weight             1.6 MiB, unbounded",
                "pending evictions  1"), stats.out().lines().toList());
        assertEquals("", stats.err());
    }

    @Test
    void lsJsonAndPendingJsonParse() throws Exception {
        Ended ls = run("--registry", uri, "ls", "--json");
        Ended pending = run("--registry", uri, "--json", "pending");

        assertEquals(3L, ls.json().get("size"), ls::toString);
        assertEquals(1L, pending.json().get("pendingEvictions"), pending::toString);
        assertEquals("", ls.err() + pending.err());
    }

    @Test
    void getExitsWithZeroWhenFoundAndOneWhenNot() throws Exception {
        Ended found = run("--registry", uri, "get", "build-2");
        Ended absent = run("--registry", uri, "get", "nope");

        assertEquals(0, found.exitCode(), found::toString);
        assertEquals("snap-2", found.out().strip());
        assertEquals(1, absent.exitCode(), absent::toString);
        assertEquals(List.of("snapshot-registry: no entry for key 'nope' in " + uri), absent.err().lines().toList());
    }

    @Test
    void aFailingOnEvictCommandLeavesTheEvictionPendingAndItsOutputStaysOffTheJson() throws Exception {
        Ended rm = run("--registry", uri, "rm", "build-1", "--json", "--on-evict", "echo cannot delete {id}; exit 3");

        assertEquals(0, rm.exitCode(), rm::toString);
        Map<String, Object> document = rm.json();
        assertEquals(2L, document.get("failed"));
        assertEquals(2L, document.get("pendingEvictions"));
        assertTrue(rm.err().contains("cannot delete snap-1"), rm::toString);
        assertEquals(List.of("snap-gone", "snap-1"), RegistryFiles.pendingIds(Path.of(uri.substring("sqlite:".length()))));
    }

    @Test
    void retryThenCleanDeliverEverythingQuietlyWhenPiped() throws Exception {
        Path log = folder.resolve("deleted.log");
        String onEvict = "echo {id} >> '" + log + "'";

        Ended retry = run("--registry", uri, "retry", "--on-evict", onEvict);
        Ended clean = run("--registry", uri, "clean", "--on-evict", onEvict);
        Ended doctor = run("--registry", uri, "doctor", "--json");

        assertEquals(List.of("1 delivered, 0 failed, 0 pending"), retry.out().lines().toList(), retry::toString);
        assertEquals(List.of("removed 3 entries", "3 delivered, 0 failed, 0 pending"), clean.out().lines().toList(),
                clean::toString);
        assertEquals("", retry.err() + clean.err(), "no progress line when piped");
        assertEquals(List.of("snap-gone", "snap-1", "snap-2", "snap-3"), Files.readAllLines(log));
        assertEquals(0, doctor.exitCode(), doctor::toString);
        assertEquals(0L, doctor.json().get("entries"));
    }

    @Test
    void aRemovalWithoutAListenerExitsWithTwo() throws Exception {
        Ended clean = run("--registry", uri, "clean");

        assertEquals(2, clean.exitCode(), clean::toString);
        assertEquals(1, clean.err().lines().count(), clean::toString);
        assertEquals("", clean.out());
    }

    @Test
    void aCorruptFileExitsWithThreeAndOneLineSayingWhy() throws Exception {
        Path garbage = RegistryFiles.garbage(folder);

        Ended ls = run("--registry", "sqlite:" + garbage, "ls");

        assertEquals(3, ls.exitCode(), ls::toString);
        assertEquals(List.of("snapshot-registry: open failed on SQLite database " + garbage
                + ": it is not an SQLite database (it does not begin with the SQLite header)"), ls.err().lines().toList());
        assertEquals("", ls.out());
    }

    @Test
    void aForeignDatabaseExitsWithThree() throws Exception {
        Path foreign = RegistryFiles.foreign(folder);

        Ended doctor = run("--registry", "sqlite:" + foreign, "doctor");

        assertEquals(3, doctor.exitCode(), doctor::toString);
        assertEquals(1, doctor.err().lines().count(), doctor::toString);
        assertTrue(doctor.err().contains("not a snapshot registry database (found tables: users)"), doctor::toString);
    }

    @Test
    void aFileOfTheRustOriginalIsListedWithoutBeingUpgraded() throws Exception {
        Path rust = RegistryFiles.rustOriginal(folder);

        Ended ls = run("--registry", "sqlite:" + rust, "--json", "ls", "--hottest");

        assertEquals(0, ls.exitCode(), ls::toString);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ls.json().get("entries");
        assertEquals(List.of("b", "c", "a"), entries.stream().map(entry -> entry.get("key")).toList());
        assertEquals(List.of("snapshots"), RegistryFiles.tables(rust));
    }

    @Test
    void underTheCLocaleTheOnEvictCommandGetsTheIdIntactAndDeletesTheRightFile() throws Exception {
        Path file = Path.of(uri.substring("sqlite:".length()));
        RegistryFiles.put(file, "k", "caf\u00e9");
        Path snapshots = Files.createDirectory(folder.resolve("snaps"));
        Path snapshot = Files.createFile(snapshots.resolve("caf\u00e9"));

        Ended rm = runWith(Map.of("LC_ALL", "C"), "--registry", uri, "--json", "rm", "k",
                "--on-evict", "rm -f " + snapshots + "/{id}");

        assertEquals(0, rm.exitCode(), rm::toString);
        assertTrue(Files.notExists(snapshot), () -> "the snapshot is still there: " + rm);
        assertEquals(0L, rm.json().get("pendingEvictions"), rm::toString);
    }

    @Test
    void underTheCLocaleACommandTheLocaleCannotDecodeIsRefusedNamingTheLocale() throws Exception {
        Ended rm = runWith(Map.of("LC_ALL", "C"), "--registry", uri, "rm", "build-1",
                "--on-evict", "rm -f /snapshots/caf\u00e9/{id}");

        assertEquals(2, rm.exitCode(), rm::toString);
        assertTrue(rm.err().contains("LC_ALL=C"), rm::toString);
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(Path.of(uri.substring("sqlite:".length()))));
    }

    /** Entries in the huge registry: {@code -Dcli.hugeEntries=1000000} for the million. */
    private static final int HUGE = Integer.getInteger("cli.hugeEntries", 300_000);

    @Test
    void lsWithALimitStreamsSoAHugeRegistryNeedsNoMoreThanASmallHeap() throws Exception {
        Path huge = RegistryFiles.huge(folder, HUGE);

        Ended ls = runInHeap(Map.of(), "-Xmx40m", "--registry", "sqlite:" + huge, "--json", "ls", "--limit", "3");

        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals((long) HUGE, ls.json().get("size"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ls.json().get("entries");
        assertEquals(List.of("key-1", "key-2", "key-3"), entries.stream().map(entry -> entry.get("key")).toList());
    }
}
