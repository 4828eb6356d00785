package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 9: several JVMs, each with two threads, load one file at once. None of their calls may fail
 * (a busy file is waited for, never reported), and afterwards the invariants of rules 4 and 6
 * hold. Operations per thread: {@code -Dsnapshotregistry.multiprocess.operations} (default 300).
 */
class MultiProcessTest {

    private static final long MAX_ENTRIES = 20;
    private static final int PROCESSES = 3;
    private static final int THREADS = 2;
    private static final int OPERATIONS = Integer.getInteger("snapshotregistry.multiprocess.operations", 300);

    @TempDir
    Path folder;

    @Test
    void threeProcessesLoadingOneFileKeepItsBoundAndNeverLoseOrWronglyDeliverAnId() throws Exception {
        Path file = folder.resolve("shared.db");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(ChildJvm.start(LoadProcess.class, folder.resolve("stderr-" + i + ".txt"), file.toString(),
                        "p" + i, String.valueOf(OPERATIONS), String.valueOf(MAX_ENTRIES), folder.toString(),
                        String.valueOf(THREADS)));
            }
            ChildJvm.startTogether(children);

            for (int i = 0; i < PROCESSES; i++) {
                ChildJvm child = children.get(i);
                child.awaitLine("done");
                String stderr = Files.readString(folder.resolve("stderr-" + i + ".txt"));
                assertEquals(0, child.exitCode(), "process " + i + " failed:\n" + stderr);
                assertFalse(stderr.contains("SQLITE_BUSY"), stderr);
            }
        } finally {
            children.forEach(ChildJvm::kill);
        }
        Ledger.Counts counts = new Ledger(folder).check(file, MAX_ENTRIES);
        assertEquals(0, counts.pending(), "every process delivered what it left pending");
        System.out.printf("Multi-process test: %d processes x %d threads x %d operations on one file, no call failed;"
                        + " %d ids stored, %d deliveries of %d distinct ids (%d delivered twice), %d mapped at the end%n",
                PROCESSES, THREADS, OPERATIONS, counts.stored(), counts.deliveries(), counts.deliveredIds(),
                counts.duplicateDeliveries(), counts.mapped());
    }
}
