package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ls, get, stats, pending and doctor, in process, on registry files made by the library. */
class ReadingCommandsTest {

    @TempDir
    Path folder;

    private Path file;
    private String uri;

    @BeforeEach
    void makeRegistry() {
        file = RegistryFiles.standard(folder);
        uri = "sqlite:" + file;
    }

    @Test
    void lsListsTheEntriesLeastRecentlyUsedFirstInAlignedColumns() {
        CliRun run = CliRun.run("--registry", uri, "--bytes", "ls");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "KEY      SNAPSHOT   WEIGHT  LAST ACCESS",
                "build-1  snap-1     64 KiB  3 h ago",
                "build-2  snap-2    1.5 MiB  10 min ago",
                "build-3  snap-3      512 B  42 s ago"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void lsHottestWithALimitShowsTheMostRecentlyUsedAndSaysHowManyItLeftOut() {
        CliRun run = CliRun.run("--registry", uri, "--bytes", "ls", "--hottest", "--limit", "2");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "KEY      SNAPSHOT   WEIGHT  LAST ACCESS",
                "build-3  snap-3      512 B  42 s ago",
                "build-2  snap-2    1.5 MiB  10 min ago",
                "2 of 3 entries, most recently used first"), run.outLines());
    }

    @Test
    void lsJsonParsesBackToTheEntriesWithExactWeightsAndInstants() {
        CliRun run = CliRun.run("--registry", uri, "ls", "--json");

        assertEquals(0, run.exitCode(), run::toString);
        Map<String, Object> document = run.json();
        assertEquals(3L, document.get("size"));
        assertEquals("least-recent-first", document.get("order"));
        assertEquals(List.of(
                Map.of("key", "build-1", "snapshotId", "snap-1", "weight", 65536L, "lastAccess", "2026-01-15T09:00:00Z"),
                Map.of("key", "build-2", "snapshotId", "snap-2", "weight", 1572864L, "lastAccess", "2026-01-15T11:50:00Z"),
                Map.of("key", "build-3", "snapshotId", "snap-3", "weight", 512L, "lastAccess", "2026-01-15T11:59:18Z")),
                document.get("entries"));
        assertEquals(1, run.outLines().size(), "one JSON document on one line");
    }

    @Test
    void lsJsonWithHottestAndLimitKeepsTheFullSize() {
        Map<String, Object> document = CliRun.run("--registry", uri, "--json", "ls", "--hottest", "--limit", "1").json();

        assertEquals(3L, document.get("size"));
        assertEquals("most-recent-first", document.get("order"));
        assertEquals(List.of("build-3"), keys(document.get("entries")));
    }

    @Test
    void lsOfAnEmptyRegistrySaysSo() {
        CliRun run = CliRun.run("--registry", "memory:", "ls");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("no entries"), run.outLines());
        assertEquals(List.of(), CliRun.run("--registry", "memory:", "ls", "--json").json().get("entries"));
    }

    @Test
    void getPrintsTheSnapshotIdWithoutMakingTheEntryMostRecentlyUsed() {
        CliRun run = CliRun.run("--registry", uri, "get", "build-1");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snap-1"), run.outLines());
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file), "recency untouched");
    }

    @Test
    void getJsonNamesTheKeyAndTheSnapshot() {
        CliRun run = CliRun.run("--registry", uri, "get", "build-2", "--json");

        assertEquals(Map.of("key", "build-2", "snapshotId", "snap-2"), run.json());
    }

    @Test
    void getOfAnAbsentKeyExitsWithOneAndSaysWhichKeyOnOneLine() {
        CliRun run = CliRun.run("--registry", uri, "get", "nope");

        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(List.of("snapshot-registry: no entry for key 'nope' in " + uri), run.errLines());
    }

    @Test
    void getJsonOfAnAbsentKeyStillPrintsOneDocument() {
        CliRun run = CliRun.run("--registry", uri, "--json", "get", "nope");

        assertEquals(1, run.exitCode(), run::toString);
        Map<String, Object> document = run.json();
        assertEquals("nope", document.get("key"));
        assertTrue(document.containsKey("snapshotId") && document.get("snapshotId") == null, run::toString);
    }

    @Test
    void statsShowsSizeAndWeightAgainstTheBoundsGivenAndThePendingEvictions() {
        CliRun run = CliRun.run("--registry", uri, "--bytes", "stats", "--max-entries", "10", "--max-weight", "4194304");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "registry           " + uri,
                "entries            3 of 10 (30%)",
                "weight             1.6 MiB of 4.0 MiB (39%)",
                "pending evictions  1"), run.outLines());
    }

    @Test
    void statsWithoutBoundsSaysUnbounded() {
        CliRun run = CliRun.run("--registry", uri, "stats");

        assertTrue(run.outLines().contains("entries            3, unbounded"), run::toString);
        assertTrue(run.outLines().contains("weight             1638912, unbounded"), run::toString);
    }

    @Test
    void statsJsonHasEveryFieldWithNullForAnAbsentBound() {
        Map<String, Object> document = CliRun.run("--registry", uri, "--json", "--max-weight", "4194304", "stats").json();

        assertEquals(List.of("registry", "entries", "maxEntries", "totalWeight", "maxWeight", "pendingEvictions"),
                List.copyOf(document.keySet()));
        assertAll(
                () -> assertEquals(uri, document.get("registry")),
                () -> assertEquals(3L, document.get("entries")),
                () -> assertEquals(null, document.get("maxEntries")),
                () -> assertEquals(65536L + 1572864L + 512L, document.get("totalWeight")),
                () -> assertEquals(4194304L, document.get("maxWeight")),
                () -> assertEquals(1L, document.get("pendingEvictions")));
    }

    @Test
    void boundsSmallerThanTheRegistryAreOnlyComparedWithNeverApplied() {
        CliRun run = CliRun.run("--registry", uri, "--json", "--max-entries", "1", "--max-weight", "1", "stats");

        assertEquals(3L, run.json().get("entries"));
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone"), RegistryFiles.pendingIds(file));
    }

    @Test
    void pendingListsTheUndeliveredEvictions() {
        CliRun run = CliRun.run("--registry", uri, "--bytes", "pending");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "KEY   SNAPSHOT    WEIGHT  CAUSE",
                "gone  snap-gone  2.0 KiB  explicit"), run.outLines());
    }

    @Test
    void pendingJsonParsesBack() {
        Map<String, Object> document = CliRun.run("--registry", uri, "pending", "--json").json();

        assertEquals(1L, document.get("pendingEvictions"));
        assertEquals(List.of(Map.of("key", "gone", "snapshotId", "snap-gone", "weight", 2048L, "cause", "EXPLICIT")),
                document.get("evictions"));
    }

    @Test
    void readingCommandsLeavePendingEvictionsPendingEvenWithAnOnEvictCommand() {
        for (String subcommand : List.of("ls", "stats", "pending", "doctor")) {
            CliRun run = CliRun.run("--registry", uri, "--on-evict", "true", subcommand);
            assertEquals(0, run.exitCode(), run::toString);
        }
        assertEquals(0, CliRun.run("--registry", uri, "--on-evict", "true", "get", "build-3").exitCode());

        assertEquals(List.of("snap-gone"), RegistryFiles.pendingIds(file));
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file));
    }

    @Test
    void doctorOfAHealthyRegistryReportsTheSchemaAndExitsWithZero() {
        CliRun run = CliRun.run("--registry", uri, "--bytes", "doctor");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "registry  " + uri,
                "schema    snapshot registry schema version 5 (outbox seq in counters row), current",
                "entries   3, unbounded",
                "weight    1.6 MiB, unbounded",
                "pending   1 eviction",
                "problems  none"), run.outLines());
        assertEquals("", run.err());
    }

    @Test
    void doctorJsonParsesBack() {
        Map<String, Object> document = CliRun.run("--registry", uri, "doctor", "--json").json();

        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) document.get("schema");
        assertEquals(Map.of("version", "5", "description", "snapshot registry schema version 5 (outbox seq in counters row)",
                "current", "5", "upgradedByNextOpen", false), schema);
        assertEquals(true, document.get("healthy"));
        assertEquals(List.of(), document.get("problems"));
        assertEquals(1L, document.get("pendingEvictions"));
    }

    @Test
    void doctorFindsCountersThatDisagreeWithTheEntriesAndExitsWithThree() throws SQLException {
        RegistryFiles.execute(file, "UPDATE registry_state SET entry_count = entry_count + 5");

        CliRun run = CliRun.run("--registry", uri, "doctor");

        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.outLines().contains("problems  1"), run::toString);
        assertTrue(run.outLines().contains("  entry_count is 8 but there are 3 entries"), run::toString);
        assertEquals(List.of("snapshot-registry: doctor found 1 problem in " + uri), run.errLines());
    }

    @Test
    void doctorReportsBoundsExceededAsProblems() {
        CliRun run = CliRun.run("--registry", uri, "doctor", "--json", "--max-entries", "2", "--max-weight", "1024");

        assertEquals(3, run.exitCode(), run::toString);
        Map<String, Object> document = run.json();
        assertEquals(false, document.get("healthy"));
        assertEquals(List.of("3 entries exceed --max-entries 2",
                "a total weight of 1638912 exceeds --max-weight 1024"), document.get("problems"));
    }

    @Test
    void aFileOfTheRustOriginalIsListedInItsAccessOrderAndDoctorSaysTheNextOpenUpgradesIt() throws SQLException {
        String rust = "sqlite:" + RegistryFiles.rustOriginal(folder);

        CliRun ls = CliRun.run("--registry", rust, "ls");
        CliRun doctor = CliRun.run("--registry", rust, "doctor", "--json");

        assertEquals(List.of(
                "KEY  SNAPSHOT  WEIGHT  LAST ACCESS",
                "a    vm-a           1  5 min ago",
                "c    vm-c           1  2 min ago",
                "b    vm-b           1  1 min ago"), ls.outLines());
        assertEquals(0, doctor.exitCode(), doctor::toString);
        @SuppressWarnings("unchecked")
        Map<String, Object> schema = (Map<String, Object>) doctor.json().get("schema");
        assertEquals(Map.of("version", "0", "description", "the Rust original's snapshots table", "current", "5",
                "upgradedByNextOpen", true), schema);
        CliRun text = CliRun.run("--registry", rust, "doctor");
        assertTrue(text.outLines().contains("schema    the Rust original's snapshots table; the library's next open upgrades"
                + " it to version 5"), text::toString);
    }

    @Test
    void aKeyWithControlAndFormatCharactersAndEmojiStaysOnItsLineAndParsesBackExactly() {
        String key = "line\nbreak\ttab \u0000 \"quoted\" \uD83D\uDE80 \u00e9 \u202etxt.exe";
        RegistryFiles.put(file, key, "snap-\u00e9");

        CliRun text = CliRun.run("--registry", uri, "ls", "--hottest", "--limit", "1");
        CliRun json = CliRun.run("--registry", uri, "ls", "--hottest", "--limit", "1", "--json");

        assertEquals("line\\nbreak\\ttab \\0 \"quoted\" \uD83D\uDE80 \u00e9 \\u202etxt.exe  snap-\u00e9         1  just now",
                text.outLines().get(1));
        assertTrue(json.out().chars().allMatch(c -> c < 0x7f), "JSON output is ASCII: " + json.out());
        assertEquals(List.of(key), keys(json.json().get("entries")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(Object entries) {
        return ((List<Map<String, Object>>) entries).stream().map(entry -> (String) entry.get("key")).toList();
    }
}
