package io.github.snapshotregistry.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.examples.SnapshotCacheExample.Reconciled;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No orphan and no lost snapshot when the example's process dies mid-build: a {@link
 * SnapshotCacheCrashChild} JVM runs the example's workload on a folder and is killed with SIGKILL,
 * either inside the creator once the snapshot's file is written and before the put commits (the
 * child says so and waits; the first kill and one in three), or while it opens the registry, or
 * after a random number of requests. After each kill the test restarts: it opens the registry
 * (which delivers what the child left pending) and reconciles with the example's own {@link
 * SnapshotCacheExample#reconcile} and a grace period of zero, safe because no other writer runs
 * then (the child is dead). Then the files on disk must be exactly the mapped ids and the pending
 * ones, no entry may be missing its file, a kill inside the creator must have left its file as an
 * orphan, and no deleted file may belong to an id that was mapped when it was deleted. The number
 * of kills is {@code -Dsnapshotregistry.crash.kills} (12 by default), the seed {@code
 * -Dsnapshotregistry.crash.seed}.
 */
class SnapshotCacheCrashTest {

    private static final int KILLS = Integer.getInteger("snapshotregistry.crash.kills", 12);

    @TempDir
    Path folder;

    @Test
    void afterAKillAtAnyPointReconciliationLeavesExactlyTheMappedAndPendingSnapshotsOnDisk() throws Exception {
        long seed = Long.getLong("snapshotregistry.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killsInCreator = 0;
        int killsWhileOpening = 0;
        int orphans = 0;
        int orphansAfterKillsInCreator = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            boolean inCreator = kill % 3 == 1;
            boolean whileOpening = !inCreator && random.nextInt(4) == 0;
            Child child = Child.start(folder, kill, seed + kill, inCreator ? 1 + random.nextInt(10) : 0);
            String written = null;
            if (inCreator) {
                written = child.awaitLine("written ").substring("written ".length());
                killsInCreator++;
            } else if (whileOpening) {
                child.awaitLine("opening");
                killsWhileOpening++;
            } else {
                child.awaitLine("progress " + (1 + random.nextInt(150)));
            }
            child.kill();
            try {
                int found = restartAndCheck(written);
                orphans += found;
                orphansAfterKillsInCreator += inCreator ? found : 0;
            } catch (AssertionError e) {
                throw new AssertionError("after kill " + kill + " (seed " + seed + "): " + e.getMessage(), e);
            }
        }
        List<String[]> deletions = deletions();
        long byListeners = deletions.stream().filter(line -> !line[0].equals("orphan")).count();
        long mappedDeleted = deletions.stream().filter(line -> line[2].equals("MAPPED")).count();
        assertEquals(0, mappedDeleted, "files of mapped ids deleted: " + deletions.stream()
                .filter(line -> line[2].equals("MAPPED")).map(line -> line[0] + " " + line[1]).toList());
        System.out.printf("Crash test of the example: %d SIGKILLs (seed %d): %d inside the creator after the file was"
                        + " written, %d while opening, %d after a random request; %d orphans found and deleted after"
                        + " restarts (%d after the kills inside the creator), 0 missing; %d files deleted by listeners,"
                        + " %d files of mapped ids deleted%n",
                KILLS, seed, killsInCreator, killsWhileOpening, KILLS - killsInCreator - killsWhileOpening, orphans,
                orphansAfterKillsInCreator, byListeners, mappedDeleted);
    }

    /**
     * Opens the registry, reconciles it with the folder as the example does, checks the folder
     * against it, and returns how many orphans were deleted.
     */
    private int restartAndCheck(String writtenInCreator) throws IOException {
        AtomicReference<SnapshotRegistry> opened = new AtomicReference<>();
        Path snapshots = SnapshotCacheCrashChild.snapshots(folder);
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(SnapshotCacheCrashChild.registryFile(folder),
                SnapshotCacheCrashChild.config(folder, "restart", opened::get))) {
            opened.set(registry);
            // Grace zero: the child is dead, no other process writes the folder now.
            Reconciled reconciled = SnapshotCacheExample.reconcile(registry, snapshots, Duration.ZERO);
            Set<String> mapped = values(registry.snapshotIds().stream());
            Set<String> pending = values(registry.listPendingEvictions().stream().map(Eviction::snapshotId));
            for (SnapshotId orphan : reconciled.orphans()) {
                String verdict = mapped.contains(orphan.value()) || pending.contains(orphan.value()) ? "MAPPED" : "unmapped";
                SnapshotCacheCrashChild.logDeletion(folder, "orphan", orphan, verdict);
            }
            Set<String> expected = new TreeSet<>(mapped);
            expected.addAll(pending);
            Set<String> onDisk;
            try (Stream<Path> files = Files.list(snapshots)) {
                onDisk = files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            }
            Set<String> deletedButMapped = new HashSet<>(mapped);
            deletedButMapped.retainAll(deletions().stream().map(line -> line[1]).toList());
            Set<String> orphanIds = values(reconciled.orphans().stream());
            assertAll(
                    () -> assertEquals(List.of(), reconciled.missing(), "entries whose file is gone"),
                    () -> assertEquals(expected, onDisk, "the files on disk are the mapped and the pending ids"),
                    () -> assertEquals(Set.of(), deletedButMapped, "ids mapped now whose file was deleted"),
                    () -> assertTrue(writtenInCreator == null || orphanIds.contains(writtenInCreator),
                            "the file written in the killed creator, " + writtenInCreator + ", is an orphan: "
                                    + orphanIds));
            return reconciled.orphans().size();
        }
    }

    /** Every line of the deletion log, split into who, id and verdict. */
    private List<String[]> deletions() throws IOException {
        Path log = SnapshotCacheCrashChild.deletionLog(folder);
        return Files.exists(log)
                ? Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(line -> line.split("\t")).toList()
                : List.of();
    }

    private static Set<String> values(Stream<SnapshotId> ids) {
        return ids.map(SnapshotId::value).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A {@link SnapshotCacheCrashChild} JVM, its stdout read line by line. */
    private static final class Child {

        private final Process process;
        private final BufferedReader stdout;
        private final Path stderr;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.stderr = stderr;
        }

        /** sqlite-jdbc unpacks its native library into the test's folder: a killed child cannot delete it. */
        static Child start(Path folder, int run, long seed, int stopInCreator) throws IOException {
            Path stderr = folder.resolve("child-" + run + ".err");
            Process process = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dorg.sqlite.tmpdir=" + folder,
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    SnapshotCacheCrashChild.class.getName(),
                    folder.toString(), String.valueOf(seed), String.valueOf(stopInCreator))
                    .redirectError(stderr.toFile())
                    .start();
            return new Child(process, stderr);
        }

        /** Reads until a line that starts with {@code prefix}, and returns it; fails if the child ends first. */
        String awaitLine(String prefix) throws IOException {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            kill();
            throw new AssertionError("the child ended (exit " + process.exitValue() + ") before printing '" + prefix
                    + "': " + Files.readString(stderr, StandardCharsets.UTF_8));
        }

        /** Sends SIGKILL and waits until the process is gone. */
        void kill() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while killing the child", e);
            }
            stdout.close();
        }
    }
}
