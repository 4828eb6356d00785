package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of each operation of the memory and SQLite adapters on a registry of {@code size}
 * entries, in microseconds per operation, with a {@code counting} eviction listener (or, with
 * {@code -p listener=noop}, the default one).
 *
 * <p>The registry is bounded to {@code size} entries and filled once per trial. Its entries form
 * a window of consecutive keys, the oldest first; {@code putEvicting} adds the next key and so
 * evicts the oldest, keeping the registry full. {@code putNoEviction} and {@code invalidate} work
 * in batches of {@value #BATCH}: before each batch of puts the {@value #BATCH} oldest keys are
 * invalidated (outside the measurement) to make room, and after each batch of invalidations as
 * many new keys are put back, so the registry stays within {@value #BATCH} entries of its size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class RegistryBenchmark {

    /** Operations per invocation of the batched benchmarks. */
    static final int BATCH = 100;

    /** The system property naming the directory of durable adapters' filled templates. */
    static final String TEMPLATES = "registry.bench.templates";

    /** The registry under measurement and the window of keys it holds. */
    @State(Scope.Benchmark)
    public static class Registry {

        /** Which adapter: {@code memory} or {@code sqlite}. */
        @Param({"memory", "sqlite"})
        public String adapter;

        /**
         * The eviction listener: {@code counting} (a real listener doing the least work, as users
         * have) or {@code noop} (the configuration's default, for which an adapter may skip its
         * delivery bookkeeping).
         */
        @Param({"counting"})
        public String listener;

        /** Entries in the registry, which is also its bound. */
        @Param({"1000", "100000", "1000000"})
        public int size;

        private KeyWindow window;
        private SnapshotRegistry registry;
        private ScratchDirectory directory;

        /**
         * Opens the adapter over fresh storage holding {@code size} entries, the keys {@code key-0}
         * .. in order of recency. The storage of an adapter that keeps it in files is copied from a template filled once
         * through the adapter's own {@code put} and kept in the directory named by the system
         * property {@value #TEMPLATES} (default: {@code snapshot-registry-bench} in the temporary
         * directory); delete it after changing the adapter's schema.
         *
         * @throws IOException if the storage cannot be made
         */
        @Setup(Level.Trial)
        public void open() throws IOException {
            window = new KeyWindow(size);
            Adapter kind = Adapter.valueOf(adapter.toUpperCase(Locale.ROOT));
            directory = ScratchDirectory.create(Path.of(System.getProperty("java.io.tmpdir")), "registry-bench-");
            if (kind.storedInDirectory()) {
                directory.copyFilesFrom(template(kind));
                registry = kind.open(directory.path(), config());
                window.markFull();
                if (registry.size() != size) {
                    throw new IllegalStateException("the template in " + template(kind) + " holds "
                            + registry.size() + " entries, not " + size + "; delete it to build it again");
                }
            } else {
                registry = kind.open(directory.path(), config());
                fill();
            }
        }

        /** Closes the registry and deletes its storage. */
        @TearDown(Level.Trial)
        public void close() {
            registry.close();
            directory.close();
        }

        private Path template(Adapter kind) throws IOException {
            Path templates = Path.of(System.getProperty(TEMPLATES,
                    System.getProperty("java.io.tmpdir") + "/snapshot-registry-bench"));
            Path template = templates.resolve(adapter + "-" + size);
            if (!Files.isDirectory(template)) {
                Files.createDirectories(templates);
                Path building = Files.createTempDirectory(templates, adapter + "-" + size + "-building-");
                registry = kind.open(building, config());
                fill();
                registry.close();
                Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
            }
            return template;
        }

        private RegistryConfig config() {
            return RegistryConfig.builder()
                    .maxEntries(size)
                    .evictionListener(BenchListener.byLabel(listener).create())
                    .build();
        }

        private void fill() {
            for (int i = 0; i < size; i++) {
                putNewest();
            }
        }

        void putNewest() {
            int slot = window.takeNewest();
            registry.put(window.key(slot), window.id(slot));
        }

        Optional<SnapshotId> invalidateOldest() {
            return registry.invalidate(window.takeOldest());
        }

        void evictOldest() {
            putNewest();
            window.dropOldest();
        }

        Optional<SnapshotId> getPresent() {
            return registry.get(window.presentKey());
        }

        Optional<SnapshotId> getAbsent() {
            return registry.get(window.absentKey());
        }
    }

    /** Invalidates the {@value #BATCH} oldest entries before each batch of puts. */
    @State(Scope.Benchmark)
    public static class Room {

        /**
         * Makes room for one batch.
         *
         * @param registry the registry under measurement
         */
        @Setup(Level.Invocation)
        public void makeRoom(Registry registry) {
            for (int i = 0; i < BATCH; i++) {
                registry.invalidateOldest();
            }
        }
    }

    /** Puts back {@value #BATCH} new entries after each batch of invalidations. */
    @State(Scope.Benchmark)
    public static class Refill {

        /**
         * Refills after one batch.
         *
         * @param registry the registry under measurement
         */
        @TearDown(Level.Invocation)
        public void refill(Registry registry) {
            for (int i = 0; i < BATCH; i++) {
                registry.putNewest();
            }
        }
    }

    /**
     * {@code get} of a present key, chosen at random: a hit that makes it most recently used.
     *
     * @param registry the registry under measurement
     * @return the id found
     */
    @Benchmark
    public Optional<SnapshotId> getHit(Registry registry) {
        return registry.getPresent();
    }

    /**
     * {@code get} of an absent key: a miss.
     *
     * @param registry the registry under measurement
     * @return the empty answer
     */
    @Benchmark
    public Optional<SnapshotId> getMiss(Registry registry) {
        return registry.getAbsent();
    }

    /**
     * {@code put} of a new key into a registry with room for it.
     *
     * @param registry the registry under measurement
     * @param room invalidates a batch of old entries before each invocation
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void putNoEviction(Registry registry, Room room) {
        for (int i = 0; i < BATCH; i++) {
            registry.putNewest();
        }
    }

    /**
     * {@code put} of a new key into a full registry: it evicts the least recently used entry.
     *
     * @param registry the registry under measurement
     */
    @Benchmark
    public void putEvicting(Registry registry) {
        registry.evictOldest();
    }

    /**
     * {@code invalidate} of a present key (the oldest).
     *
     * @param registry the registry under measurement
     * @param refill puts a batch of new entries back after each invocation
     * @param blackhole consumes the removed ids
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void invalidate(Registry registry, Refill refill, Blackhole blackhole) {
        for (int i = 0; i < BATCH; i++) {
            blackhole.consume(registry.invalidateOldest());
        }
    }
}
