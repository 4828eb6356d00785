package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.SnapshotId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The control of {@link RegistryBenchmark}: the same operations on the same keys, in the same
 * order, on the exact LRU of the replay ({@code Collections.synchronizedMap} over a {@code
 * LinkedHashMap} in access order that drops its eldest entry past {@code size}). What its cost
 * grows by from 1 000 to 1 000 000 entries is what any hash map with a recency list pays for
 * memory latency.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LinkedHashMapBenchmark {

    /** The map under measurement and the window of keys it holds. */
    @State(Scope.Benchmark)
    public static class Lru {

        /** Entries in the map, which is also its bound. */
        @Param({"1000", "100000", "1000000"})
        public int size;

        private KeyWindow window;
        private Map<String, SnapshotId> map;

        /** Makes the map and puts {@code size} entries, the keys {@code key-0} .. in order of recency. */
        @Setup(Level.Trial)
        public void open() {
            window = new KeyWindow(size);
            int bound = size;
            map = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, SnapshotId> eldest) {
                    return size() > bound;
                }
            });
            for (int i = 0; i < size; i++) {
                putNewest();
            }
        }

        void putNewest() {
            int slot = window.takeNewest();
            map.put(window.key(slot), window.id(slot));
        }

        SnapshotId removeOldest() {
            return map.remove(window.takeOldest());
        }
    }

    /** Removes the {@value RegistryBenchmark#BATCH} oldest entries before each batch of puts. */
    @State(Scope.Benchmark)
    public static class Room {

        /**
         * Makes room for one batch.
         *
         * @param lru the map under measurement
         */
        @Setup(Level.Invocation)
        public void makeRoom(Lru lru) {
            for (int i = 0; i < RegistryBenchmark.BATCH; i++) {
                lru.removeOldest();
            }
        }
    }

    /** Puts back {@value RegistryBenchmark#BATCH} new entries after each batch of removals. */
    @State(Scope.Benchmark)
    public static class Refill {

        /**
         * Refills after one batch.
         *
         * @param lru the map under measurement
         */
        @TearDown(Level.Invocation)
        public void refill(Lru lru) {
            for (int i = 0; i < RegistryBenchmark.BATCH; i++) {
                lru.putNewest();
            }
        }
    }

    /**
     * {@code get} of a present key, chosen at random: a hit that makes it most recently used.
     *
     * @param lru the map under measurement
     * @return the id found
     */
    @Benchmark
    public SnapshotId getHit(Lru lru) {
        return lru.map.get(lru.window.presentKey());
    }

    /**
     * {@code get} of an absent key: a miss.
     *
     * @param lru the map under measurement
     * @return null
     */
    @Benchmark
    public SnapshotId getMiss(Lru lru) {
        return lru.map.get(lru.window.absentKey());
    }

    /**
     * {@code put} of a new key into a map with room for it.
     *
     * @param lru the map under measurement
     * @param room removes a batch of old entries before each invocation
     */
    @Benchmark
    @OperationsPerInvocation(RegistryBenchmark.BATCH)
    public void putNoEviction(Lru lru, Room room) {
        for (int i = 0; i < RegistryBenchmark.BATCH; i++) {
            lru.putNewest();
        }
    }

    /**
     * {@code put} of a new key into a full map: it drops the least recently used entry.
     *
     * @param lru the map under measurement
     */
    @Benchmark
    public void putEvicting(Lru lru) {
        lru.putNewest();
        lru.window.dropOldest();
    }

    /**
     * {@code remove} of a present key (the oldest).
     *
     * @param lru the map under measurement
     * @param refill puts a batch of new entries back after each invocation
     * @param blackhole consumes the removed ids
     */
    @Benchmark
    @OperationsPerInvocation(RegistryBenchmark.BATCH)
    public void invalidate(Lru lru, Refill refill, Blackhole blackhole) {
        for (int i = 0; i < RegistryBenchmark.BATCH; i++) {
            blackhole.consume(lru.removeOldest());
        }
    }
}
