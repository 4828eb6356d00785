package io.github.snapshotregistry;

/**
 * What one registry instance has counted since it was opened.
 *
 * <p>A {@code get} counts a hit or a miss; {@code computeIfAbsent} counts a hit, or a miss and a put
 * (a caller that waited for another's creation, or whose creator threw, counts a miss only); {@code
 * peek} counts nothing. Evictions are the entries removed with {@link RemovalCause#CAPACITY} or
 * {@link RemovalCause#EXPIRED}, including those removed while opening, whether or not their
 * delivery has succeeded yet.
 *
 * @param hitCount lookups that found an entry
 * @param missCount lookups that found none
 * @param putCount entries stored by {@code put} or {@code computeIfAbsent}
 * @param evictionCount entries evicted for capacity or expiry
 * @param evictionWeight the total weight of those entries
 */
public record RegistryStats(
        long hitCount, long missCount, long putCount, long evictionCount, long evictionWeight) {

    /**
     * The share of lookups that found an entry.
     *
     * @return {@code hitCount / (hitCount + missCount)}, or 1.0 when there was no lookup
     */
    public double hitRate() {
        long requests = hitCount + missCount;
        return requests == 0 ? 1.0 : (double) hitCount / requests;
    }
}
