package io.github.snapshotregistry.examples;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StoredSnapshot;
import io.github.snapshotregistry.micrometer.SnapshotRegistryMetrics;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A snapshot cache you can watch work: "building" a snapshot writes a file into a folder, a
 * {@link SqliteSnapshotRegistry} on a file beside it remembers which snapshot serves which build
 * key within a byte budget, and its eviction listener deletes the files of the snapshots it lets
 * go. When it starts, it reconciles the folder with the registry: it deletes the files no entry
 * maps (a run killed while it built a snapshot leaves one) and drops the entries whose file is
 * gone. At the end it checks that the files on disk are exactly the snapshots the registry maps.
 * Run it again and the registry reopens with the first run's snapshots.
 *
 * <p>Usage: {@code SnapshotCacheExample [folder]} (default {@code snapshot-cache}).
 */
public final class SnapshotCacheExample {

    static final long BUDGET_BYTES = 2 * 1024 * 1024;
    static final int REQUESTS = 300;
    private static final int KEYS = 40;
    private static final int REPORT_EVERY = 100;
    private static final int TOLD_IN_DETAIL = 25;

    /**
     * Zero: any file no entry maps is an orphan, however young. That is safe here because the
     * example is its folder's only writer and reconciles once, before it builds anything, so no
     * creator is running. A service whose processes share a folder must choose a grace period
     * longer than its longest build, or it deletes a snapshot another process is still building.
     */
    private static final Duration GRACE_PERIOD = Duration.ZERO;

    /** Held so that the level set in {@link #main} is not collected with the logger. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private final Path snapshots;
    private final Path registryFile;
    private final PrintStream out;
    private final AtomicInteger built = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    /** Whether requests and evictions are told line by line: the first requests only. */
    private boolean detailed;

    private SnapshotCacheExample(Path folder, PrintStream out) {
        this.snapshots = folder.resolve("snapshots");
        this.registryFile = folder.resolve("registry.db");
        this.out = out;
    }

    /**
     * Runs the example and exits with status 1 if the files on disk and the registry disagree.
     *
     * @param args an optional folder for the snapshots and the registry file
     * @throws IOException if the folder cannot be written
     */
    public static void main(String[] args) throws IOException {
        FLYWAY_LOG.setLevel(Level.WARNING);
        Path folder = Path.of(args.length > 0 ? args[0] : "snapshot-cache");
        Summary summary = run(folder, System.out);
        if (!summary.consistent()) {
            System.exit(1);
        }
    }

    static Summary run(Path folder, PrintStream out) throws IOException {
        return new SnapshotCacheExample(folder, out).run();
    }

    private Summary run() throws IOException {
        Files.createDirectories(snapshots);
        RegistryConfig config = RegistryConfig.builder()
                .maxWeight(BUDGET_BYTES)
                .weigher((key, id) -> sizeOf(id))
                .evictionListener(this::deleteSnapshot)
                .build();
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(registryFile, config)) {
            MeterRegistry meters = new SimpleMeterRegistry();
            SnapshotRegistryMetrics.monitor(meters, registry, "snapshot-cache");
            long snapshotsAtOpen = registry.size();
            out.printf("Opened %s: %d snapshots from earlier runs, %s of the %s budget in use.%n",
                    registryFile, snapshotsAtOpen, bytes(registry.totalWeight()), bytes(BUDGET_BYTES));
            Reconciled reconciled = reconcile(registry, snapshots, GRACE_PERIOD);
            out.printf("Reconciled: %s, %s deleted, %s dropped.%n",
                    count(reconciled.files(), "snapshot file", "snapshot files"),
                    count(reconciled.orphans().size(), "orphan", "orphans"),
                    count(reconciled.missing().size(), "missing entry", "missing entries"));
            reconciled.orphans().forEach(id -> out.printf("  orphan %s: no entry maps it, file deleted%n", id.value()));
            reconciled.missing().forEach(entry -> out.printf("  missing %s of %s: file gone, entry dropped%n",
                    entry.snapshotId().value(), entry.key()));

            detailed = true;
            Random random = new Random(42);
            for (int request = 1; request <= REQUESTS; request++) {
                String key = "build-" + skewed(random);
                if (detailed) {
                    out.printf("  request %2d, %-9s ", request, key + ":");
                }
                int builtBefore = built.get();
                SnapshotId id = registry.computeIfAbsent(key, this::build);
                if (detailed && built.get() == builtBefore) {
                    out.printf("hit, %s%n", id.value());
                }
                if (request == TOLD_IN_DETAIL) {
                    detailed = false;
                    out.printf("  ... the other requests quietly, a line every %d:%n", REPORT_EVERY);
                }
                if (request % REPORT_EVERY == 0) {
                    out.printf("  after %d requests: %d hits, %d misses, %d snapshots, %s of %s%n",
                            request, registry.stats().hitCount(), registry.stats().missCount(),
                            registry.size(), bytes(registry.totalWeight()), bytes(BUDGET_BYTES));
                }
            }
            Summary summary = summarize(registry, snapshotsAtOpen, reconciled);
            printMeters(meters);
            return summary;
        }
    }

    /** The registry's meters, as a monitoring system would receive them through registry-micrometer. */
    private void printMeters(MeterRegistry meters) {
        out.println();
        out.println("Meters (registry-micrometer, tag cache=snapshot-cache):");
        meters.getMeters().stream()
                .sorted(Comparator.comparing(SnapshotCacheExample::meterName))
                .forEach(meter -> out.printf("  %-26s %.0f%n",
                        meterName(meter), meter.measure().iterator().next().getValue()));
    }

    private static String meterName(Meter meter) {
        String tags = meter.getId().getTags().stream()
                .filter(tag -> !tag.getKey().equals("cache"))
                .map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return meter.getId().getName() + (tags.equals("{}") ? "" : tags);
    }

    /**
     * Compares the snapshot folder with the registry, deletes the orphans' files and drops the
     * missing entries (each only if its key still maps the same snapshot; the listener is then
     * offered a snapshot whose file is already gone).
     *
     * @return how many files the folder held, the orphans deleted and the entries dropped
     */
    static Reconciled reconcile(SnapshotRegistry registry, Path snapshots, Duration gracePeriod) throws IOException {
        AtomicInteger files = new AtomicInteger();
        Reconciliation found;
        try (Stream<StoredSnapshot> stored = storedSnapshots(snapshots)) {
            found = registry.reconcile(stored.peek(snapshot -> files.incrementAndGet()), gracePeriod);
        }
        for (SnapshotId orphan : found.orphans()) {
            Files.deleteIfExists(snapshots.resolve(orphan.value()));
        }
        List<RegistryEntry> dropped = found.missing().stream()
                .filter(entry -> registry.invalidate(entry.key(), entry.snapshotId()))
                .toList();
        return new Reconciled(files.get(), found.orphans(), dropped);
    }

    /** The folder's files as the snapshot store's content: file name = snapshot id, and its mtime. */
    private static Stream<StoredSnapshot> storedSnapshots(Path snapshots) throws IOException {
        return Files.list(snapshots).filter(Files::isRegularFile).map(file -> {
            try {
                return new StoredSnapshot(SnapshotId.of(file.getFileName().toString()),
                        Files.getLastModifiedTime(file).toInstant());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Summary summarize(SnapshotRegistry registry, long snapshotsAtOpen, Reconciled reconciled)
            throws IOException {
        var stats = registry.stats();
        Set<String> mapped = registry.snapshotIds().stream()
                .map(SnapshotId::value)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> onDisk;
        try (Stream<Path> files = Files.list(snapshots)) {
            onDisk = files.map(file -> file.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> orphans = new TreeSet<>(onDisk);
        orphans.removeAll(mapped);
        Set<String> missing = new TreeSet<>(mapped);
        missing.removeAll(onDisk);
        Summary summary = new Summary(snapshotsAtOpen, reconciled, stats.hitCount(), stats.missCount(), built.get(),
                stats.evictionCount(), deleted.get(), registry.totalWeight(), mapped.size(),
                orphans, missing);

        out.println();
        out.printf("%d requests: %d hits, %d misses (hit rate %.0f%%).%n",
                REQUESTS, summary.hits(), summary.misses(), 100 * stats.hitRate());
        out.printf("%d snapshots built, %d evicted to stay within budget, %d snapshot files deleted.%n",
                summary.built(), summary.evicted(), summary.deleted());
        out.printf("In use: %s of the %s budget, in %d snapshots.%n",
                bytes(summary.bytesInUse()), bytes(BUDGET_BYTES), summary.snapshots());
        if (summary.consistent()) {
            out.printf("Check: %d snapshot files on disk, %d mapped by the registry: no orphan, nothing missing.%n",
                    onDisk.size(), mapped.size());
        } else {
            out.printf("Check FAILED: orphan files %s, missing files %s%n", orphans, missing);
        }
        return summary;
    }

    private SnapshotId build(String key) {
        SnapshotId id = SnapshotId.of(key + "-" + UUID.randomUUID().toString().substring(0, 8));
        int size = (64 + Math.floorMod(key.hashCode(), 4) * 64) * 1024;
        try {
            Files.write(snapshots.resolve(id.value()), new byte[size]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built.incrementAndGet();
        if (detailed) {
            out.printf("miss, built %s (%s)%n", id.value(), bytes(size));
        }
        return id;
    }

    private void deleteSnapshot(Eviction eviction) throws IOException {
        boolean existed = Files.deleteIfExists(snapshots.resolve(eviction.snapshotId().value()));
        if (existed) {
            deleted.incrementAndGet();
        }
        if (detailed) {
            out.printf("      evicted %s (%s, %s): %s%n", eviction.snapshotId().value(),
                    bytes(eviction.weight()), eviction.cause().name().toLowerCase(Locale.ROOT),
                    existed ? "file deleted" : "file already gone");
        }
    }

    private long sizeOf(SnapshotId id) {
        try {
            return Files.size(snapshots.resolve(id.value()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key number from 0 to {@value #KEYS} - 1, low numbers far more often than high ones. */
    private static int skewed(Random random) {
        double u = random.nextDouble();
        return (int) (KEYS * u * u * u);
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String bytes(long bytes) {
        return bytes < 1024 * 1024
                ? String.format("%d KiB", bytes / 1024)
                : String.format("%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** What {@link #reconcile} found in the folder and did about it. */
    record Reconciled(int files, List<SnapshotId> orphans, List<RegistryEntry> missing) {
    }

    /** What one run did, and whether the files on disk match the registry. */
    record Summary(long snapshotsAtOpen, Reconciled reconciled, long hits, long misses, int built, long evicted,
            int deleted, long bytesInUse, int snapshots, Set<String> orphans, Set<String> missing) {

        boolean consistent() {
            return orphans.isEmpty() && missing.isEmpty();
        }
    }
}
