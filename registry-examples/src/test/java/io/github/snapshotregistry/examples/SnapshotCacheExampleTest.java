package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.examples.SnapshotCacheExample.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
}
