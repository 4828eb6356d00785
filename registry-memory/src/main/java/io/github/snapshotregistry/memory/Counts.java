package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.jdbi.Statistics;

/**
 * What a registry's operations count while they hold its lock: the counterpart of the engine's
 * {@link Statistics} without its atomic adders, as every count here is made under the lock the
 * operation holds anyway. The lookups of {@code computeIfAbsent}, which the engine's {@code
 * SingleFlight} counts outside the lock, stay in a {@link Statistics} and are added on {@link #read}.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class Counts {

    private long hits;
    private long misses;
    private long puts;
    private long evictions;
    private long evictedWeight;

    /** Counts a lookup: a hit, or a miss. */
    void lookup(boolean hit) {
        if (hit) {
            hits++;
        } else {
            misses++;
        }
    }

    /** Counts a stored put. */
    void put() {
        puts++;
    }

    /** Counts one entry removed with a cause that was an eviction, of the given weight. */
    void evicted(long weight) {
        evictions++;
        evictedWeight += weight;
    }

    /**
     * The counts so far, with the ones made outside the lock.
     *
     * @param outside what was counted outside the lock
     * @return the sums
     */
    RegistryStats read(Statistics outside) {
        RegistryStats other = outside.read();
        return new RegistryStats(hits + other.hitCount(), misses + other.missCount(), puts + other.putCount(),
                evictions + other.evictionCount(), evictedWeight + other.evictionWeight());
    }
}
