package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryStats;
import java.util.concurrent.atomic.LongAdder;

/** What one registry instance counts, from any number of threads. */
final class Statistics {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictedWeight = new LongAdder();

    void lookup(boolean hit) {
        (hit ? hits : misses).increment();
    }

    void put() {
        puts.increment();
    }

    void evicted(long count, long weight) {
        evictions.add(count);
        evictedWeight.add(weight);
    }

    RegistryStats read() {
        return new RegistryStats(hits.sum(), misses.sum(), puts.sum(), evictions.sum(), evictedWeight.sum());
    }
}
