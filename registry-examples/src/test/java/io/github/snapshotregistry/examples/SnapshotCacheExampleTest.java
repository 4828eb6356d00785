package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.examples.SnapshotCacheExample.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCacheExampleTest {

    @TempDir
    Path folder;

    @Test
    void aRunLeavesExactlyTheMappedSnapshotsOnDiskWithinBudget() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Summary summary = SnapshotCacheExample.run(folder, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertAll(
                () -> assertTrue(summary.orphans().isEmpty(), "orphan files: " + summary.orphans()),
                () -> assertTrue(summary.missing().isEmpty(), "missing files: " + summary.missing()),
                () -> assertTrue(summary.evicted() > 0, "the workload should overflow the budget"),
                () -> assertEquals(summary.evicted(), summary.deleted(), "every eviction deletes its file"),
                () -> assertTrue(summary.bytesInUse() <= SnapshotCacheExample.BUDGET_BYTES),
                () -> assertEquals(SnapshotCacheExample.REQUESTS, summary.hits() + summary.misses()),
                () -> assertTrue(printed.toString(StandardCharsets.UTF_8).contains("no orphan, nothing missing")),
                () -> assertTrue(printed.toString(StandardCharsets.UTF_8)
                        .contains("cache.puts                 " + summary.misses()), "the meters are printed"));
    }

    @Test
    void aSecondRunReopensTheFirstRunsSnapshots() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Summary first = SnapshotCacheExample.run(folder, quiet);

        Summary second = SnapshotCacheExample.run(folder, quiet);

        assertAll(
                () -> assertEquals(0, first.snapshotsAtOpen()),
                () -> assertEquals(first.snapshots(), second.snapshotsAtOpen()),
                () -> assertTrue(second.hits() > first.hits(), "a warm start hits more often"),
                () -> assertTrue(second.consistent(), "orphans " + second.orphans() + ", missing " + second.missing()));
    }

    @Test
    void aRunStartsByDeletingOrphanFilesAndDroppingEntriesWhoseFileIsGone() throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Summary first = SnapshotCacheExample.run(folder, quiet);
        Path snapshots = folder.resolve("snapshots");
        String lost;
        try (Stream<Path> files = Files.list(snapshots)) {
            lost = files.findFirst().orElseThrow().getFileName().toString();
        }
        Files.delete(snapshots.resolve(lost));
        Path orphan = Files.writeString(snapshots.resolve("build-7-left-by-a-killed-run"), "half a snapshot");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Summary second = SnapshotCacheExample.run(folder, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertAll(
                () -> assertEquals(List.of("build-7-left-by-a-killed-run"),
                        second.reconciled().orphans().stream().map(SnapshotId::value).toList()),
                () -> assertFalse(Files.exists(orphan), "the orphan's file is deleted"),
                () -> assertEquals(List.of(lost),
                        second.reconciled().missing().stream().map(entry -> entry.snapshotId().value()).toList()),
                () -> assertEquals(first.snapshots(), second.reconciled().files()),
                () -> assertTrue(printed.toString(StandardCharsets.UTF_8).contains(String.format(
                        "Reconciled: %d snapshot files, 1 orphan deleted, 1 missing entry dropped.%n", first.snapshots()))),
                () -> assertTrue(second.consistent(), "orphans " + second.orphans() + ", missing " + second.missing()));
    }
}
