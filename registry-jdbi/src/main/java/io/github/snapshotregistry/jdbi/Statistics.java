package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.RegistryStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one registry instance counts for {@link io.github.snapshotregistry.SnapshotRegistry#stats},
 * from any number of threads without contention.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class Statistics {

    /** All counts zero. */
    public Statistics() {
    }

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictedWeight = new LongAdder();

    /**
     * Counts a lookup.
     *
     * @param hit true for a hit, false for a miss
     */
    public void lookup(boolean hit) {
        (hit ? hits : misses).increment();
    }

    /** Counts a stored put. */
    public void put() {
        puts.increment();
    }

    /**
     * Counts entries removed with a cause that {@linkplain io.github.snapshotregistry.RemovalCause#wasEvicted
     * was an eviction}.
     *
     * @param count how many
     * @param weight their total weight
     */
    public void evicted(long count, long weight) {
        evictions.add(count);
        evictedWeight.add(weight);
    }

    /**
     * The counts so far.
     *
     * @return a snapshot of the counts (each one read at a slightly different instant under load)
     */
    public RegistryStats read() {
        return new RegistryStats(hits.sum(), misses.sum(), puts.sum(), evictions.sum(), evictedWeight.sum());
    }
}
