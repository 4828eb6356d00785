package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 8 under SIGKILL: a child JVM runs a load on the file and is killed at a random instant
 * (chosen by counting its progress lines, not by time; the first kill and one in five of the others
 * as soon as it starts opening the file, so while the schema is created, or during eviction to the
 * bounds or delivery at open); after every kill the file is reopened and checked. The number of kills is {@code -Dsnapshotregistry.crash.kills} (10 by default; 300 runs
 * for a few minutes), the seed {@code -Dsnapshotregistry.crash.seed}.
 */
class CrashTest {

    private static final long MAX_ENTRIES = 20;
    private static final int KILLS = Integer.getInteger("snapshotregistry.crash.kills", 10);

    @TempDir
    Path folder;

    @Test
    void aProcessKilledAtAnyInstantLosesNoIdThatAReturnedPutStored() throws Exception {
        long seed = Long.getLong("snapshotregistry.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = folder.resolve("crash.db");
        Ledger ledger = new Ledger(folder);
        Ledger.Counts counts = null;
        long operationsBeforeKills = 0;
        int killsWhileOpening = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            ChildJvm child = ChildJvm.start(LoadProcess.class, folder.resolve("stderr-" + kill + ".txt"),
                    file.toString(), "run" + kill, "-1", String.valueOf(MAX_ENTRIES), folder.toString(), "2");
            child.awaitLine("opening");
            if (kill == 1 || random.nextInt(5) == 0) {
                killsWhileOpening++;
            } else {
                child.awaitLine("ready");
                child.send("go");
                int at = random.nextInt(200);
                if (at > 0) {
                    child.awaitExactly("progress " + at);
                }
                operationsBeforeKills += at;
            }
            child.kill();
            try {
                counts = ledger.check(file, MAX_ENTRIES);
            } catch (AssertionError e) {
                throw new AssertionError("after kill " + kill + " (seed " + seed + "): " + e.getMessage(), e);
            }
        }
        assertTrue(counts != null && (counts.stored() > 0 || operationsBeforeKills == 0), "the load stored something");
        System.out.printf("Crash test: %d SIGKILLs (seed %d), %d of them while the file was being opened, after %d"
                        + " operations; %d ids stored by returned puts,"
                        + " %d deliveries of %d distinct ids (%d delivered again after a kill), %d mapped at the end,"
                        + " 0 lost%n",
                KILLS, seed, killsWhileOpening, operationsBeforeKills, counts.stored(), counts.deliveries(), counts.deliveredIds(),
                counts.duplicateDeliveries(), counts.mapped());
    }
}
