package io.github.snapshotregistry;

/**
 * Tells how much an entry weighs against {@link RegistryConfig#maxWeight()}, typically the bytes
 * its snapshot takes on disk. Called by {@link SnapshotRegistry#put(String, SnapshotId)} and by
 * {@link SnapshotRegistry#computeIfAbsent} once the snapshot exists.
 */
@FunctionalInterface
public interface Weigher {

    /** Weighs every entry 1, so that {@code maxWeight} counts entries: the configuration's default. */
    Weigher UNIT = (key, id) -> 1;

    /**
     * Weighs one entry.
     *
     * @param key the entry's key
     * @param id the entry's snapshot id
     * @return the weight, zero or more; a negative weight makes the write fail with {@link
     *     IllegalArgumentException}, and an exception thrown here fails it unchanged
     */
    long weigh(String key, SnapshotId id);
}
