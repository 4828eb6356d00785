package io.github.snapshotregistry.examples;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The child JVM of {@link SnapshotCacheCrashTest}: the example's workload on a folder (a creator
 * that writes the snapshot's file, a listener that deletes it) until the test kills it. It prints
 * {@code opening}, {@code ready}, then {@code progress N} after each request; with a positive
 * {@code stopInCreator}, that creator call prints {@code written ID} once its file is written and
 * waits there, before the put can commit, for the kill.
 *
 * <p>Usage: {@code SnapshotCacheCrashChild folder seed stopInCreator}.
 */
final class SnapshotCacheCrashChild {

    static final long MAX_ENTRIES = 8;
    private static final int KEYS = 30;
    private static final int REQUESTS = 100_000;

    private SnapshotCacheCrashChild() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        int stopInCreator = Integer.parseInt(args[2]);
        Path snapshots = snapshots(folder);
        Files.createDirectories(snapshots);
        AtomicReference<SnapshotRegistry> opened = new AtomicReference<>();
        int[] creatorCalls = {0};
        System.out.println("opening");
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(registryFile(folder),
                config(folder, "child", opened::get))) {
            opened.set(registry);
            System.out.println("ready");
            for (int request = 1; request <= REQUESTS; request++) {
                double u = random.nextDouble();
                registry.computeIfAbsent("build-" + (int) (KEYS * u * u), key -> {
                    SnapshotId id = SnapshotId.of(key + "-" + UUID.randomUUID());
                    write(snapshots.resolve(id.value()), random);
                    if (++creatorCalls[0] == stopInCreator) {
                        waitForTheKill("written " + id.value());
                    }
                    return id;
                });
                System.out.println("progress " + request);
            }
        }
        System.out.println("done");
    }

    /**
     * What parent and child open the registry with: the bound, and a listener that appends {@code
     * who<TAB>id<TAB>verdict} to {@code deletions.log}, then deletes the file. The verdict is
     * {@code MAPPED} if the registry maps the id as it is offered (it must never be), {@code
     * unmapped}, or {@code unchecked} during the open, before the registry is at hand.
     */
    static RegistryConfig config(Path folder, String who, Supplier<SnapshotRegistry> registry) {
        EvictionListener deleting = eviction -> {
            SnapshotRegistry open = registry.get();
            SnapshotId id = eviction.snapshotId();
            String verdict = open == null ? "unchecked" : open.snapshotIds().contains(id) ? "MAPPED" : "unmapped";
            logDeletion(folder, who, id, verdict);
            Files.deleteIfExists(snapshots(folder).resolve(id.value()));
        };
        return RegistryConfig.builder().maxEntries(MAX_ENTRIES).evictionListener(deleting).build();
    }

    /** Appends a line before the file is deleted, so that every deletion that happened is logged. */
    static void logDeletion(Path folder, String who, SnapshotId id, String verdict) throws IOException {
        Files.writeString(deletionLog(folder), who + "\t" + id.value() + "\t" + verdict + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static Path snapshots(Path folder) {
        return folder.resolve("snapshots");
    }

    static Path registryFile(Path folder) {
        return folder.resolve("registry.db");
    }

    static Path deletionLog(Path folder) {
        return folder.resolve("deletions.log");
    }

    private static void write(Path file, Random random) {
        byte[] content = new byte[1024 + random.nextInt(8 * 1024)];
        random.nextBytes(content);
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForTheKill(String line) {
        System.out.println(line);
        try {
            System.in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().halt(3);
    }
}
