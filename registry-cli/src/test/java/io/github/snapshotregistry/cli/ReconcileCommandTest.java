package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reconcile on the standard registry ({@code build-1..3} to {@code snap-1..3}, {@code snap-gone}
 * pending) and a snapshot folder holding {@code snap-1}, {@code snap-2}, {@code snap-gone}, an old
 * unmapped {@code orphan} and a {@code young} unmapped one: {@code snap-3} is missing.
 */
class ReconcileCommandTest {

    @TempDir
    Path folder;

    private Path file;
    private String uri;
    private Path store;

    @BeforeEach
    void makeRegistryAndStore() throws IOException {
        file = RegistryFiles.standard(folder);
        uri = "sqlite:" + file;
        store = Files.createDirectory(folder.resolve("snapshots"));
        for (String id : List.of("snap-1", "snap-2", "snap-gone", "orphan")) {
            stored(id, Duration.ofHours(3));
        }
        stored("young", Duration.ofMinutes(5));
    }

    private Path stored(String id, Duration age) throws IOException {
        Path snapshot = Files.writeString(store.resolve(id), id);
        Files.setLastModifiedTime(snapshot, FileTime.from(Instant.now().minus(age)));
        return snapshot;
    }

    private List<String> storeContent() throws IOException {
        try (var files = Files.list(store)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDryRunListsOrphansOlderThanTheGracePeriodAndMissingEntriesAndChangesNothing() throws IOException {
        byte[] before = Files.readAllBytes(file);

        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of(
                "1 orphan (stored, not mapped, not pending, at least 1h old)",
                "  orphan",
                "1 missing (mapped, not in the store)",
                "  KEY      SNAPSHOT  WEIGHT  LAST ACCESS",
                "  build-3  snap-3       512  42 s ago",
                "dry run: nothing deleted or dropped (--on-orphan COMMAND deletes orphans, --drop-missing drops missing entries)"),
                run.outLines());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the registry file is unchanged");
        assertEquals(List.of("orphan", "snap-1", "snap-2", "snap-gone", "young"), storeContent());
    }

    @Test
    void aShorterGraceMakesTheYoungSnapshotAnOrphanToo() {
        for (String grace : List.of("1m", "60s", "PT1M", "0")) {
            CliRun run = CliRun.run("--registry", uri, "--json", "reconcile", "--store-dir", store.toString(), "--grace", grace);

            @SuppressWarnings("unchecked")
            List<String> orphans = (List<String>) run.json().get("orphans");
            assertEquals(List.of("orphan", "young"), orphans.stream().sorted().toList(), () -> grace + ": " + run);
        }
    }

    @Test
    void onOrphanDeletesEachOrphanWithItsExactNameAndNothingElseRuns() throws IOException {
        String hostile = "$(touch pwned) 'x' \"y\"; `touch pwned` *";
        stored(hostile, Duration.ofHours(2));

        CliRun run = CliRun.run("--registry", uri, "--json", "reconcile", "--store-dir", store.toString(),
                "--on-orphan", "rm \"" + store + "/{id}\"");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snap-1", "snap-2", "snap-gone", "young"), storeContent());
        assertTrue(Files.notExists(Path.of("pwned")), "nothing ran in the working directory");
        Map<String, Object> document = run.json();
        assertEquals(2L, document.get("orphansDeleted"), run::toString);
        assertEquals(false, document.get("dryRun"));
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file), "the registry is untouched");
    }

    @Test
    void dropMissingRemovesTheMissingEntriesAndDeliversTheirEvictions() throws IOException {
        Path log = folder.resolve("evicted.log");

        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString(), "--drop-missing",
                "--on-evict", "echo {id} >> '" + log + "'");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("build-1", "build-2"), RegistryFiles.keys(file));
        assertEquals(List.of("snap-gone", "snap-3"), Files.readAllLines(log));
        assertTrue(run.outLines().contains("missing entries: 1 dropped"), run::toString);
        assertTrue(storeContent().contains("orphan"), "orphans are deleted only through --on-orphan");
    }

    @Test
    void dropMissingWithKeepPendingLeavesTheEvictionPending() {
        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString(), "--drop-missing",
                "--keep-pending");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snap-gone", "snap-3"), RegistryFiles.pendingIds(file));
    }

    @Test
    void dropMissingNeedsAListener() {
        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString(), "--drop-missing");

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(List.of("build-1", "build-2", "build-3"), RegistryFiles.keys(file));
    }

    @Test
    void theStoreCanBeWhatACommandPrints() {
        long old = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        String listing = "printf 'snap-1\\t" + old + "\\nsnap-2\\t" + old + ".25\\nsnap-3\\t" + old + "\\norphan\\t" + old
                + "\\nyoung\\t" + Instant.now().getEpochSecond() + "\\n'";

        CliRun run = CliRun.run("--registry", uri, "--json", "reconcile", "--store-command", listing);

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("orphan"), run.json().get("orphans"));
        assertEquals(List.of(), run.json().get("missing"));
    }

    @Test
    void aBadLineOfTheStoreCommandIsAnErrorNamingItsNumber() {
        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-command", "printf 'snap-1\\t1\\nsnap-2 1\\n'");

        assertEquals(3, run.exitCode(), run::toString);
        assertEquals(List.of("snapshot-registry: --store-command printed a bad line 2 (it has no id followed by a tab):"
                + " each line must be id<TAB>epoch-seconds"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void aFailingStoreCommandIsAnErrorAndNothingIsDeleted() {
        Path marker = folder.resolve("deleted");

        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-command", "printf 'orphan\\t1\\n'; exit 4",
                "--on-orphan", "touch '" + marker + "'");

        assertEquals(3, run.exitCode(), run::toString);
        assertEquals(List.of("snapshot-registry: --store-command exited with status 4: its listing is not used"),
                run.errLines());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void theStoreIsGivenExactlyOnce() {
        assertEquals(2, CliRun.run("--registry", uri, "reconcile").exitCode());
        assertEquals(2, CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString(),
                "--store-command", "true").exitCode());
    }

    @Test
    void aBadGraceIsAUsageError() {
        CliRun run = CliRun.run("--registry", uri, "reconcile", "--store-dir", store.toString(), "--grace", "soon");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--grace must be a duration such as 30m, 2h, 1d or PT1H, was 'soon'"), run::toString);
    }
}
