package io.github.snapshotregistry.bench;

/**
 * One implementation under replay: a bounded map from key to snapshot id. Implementations are
 * thread-safe, so a replay may drive one from several threads.
 */
interface ReplayTarget extends AutoCloseable {

    /**
     * Looks the key up and, on a miss, stores {@code "snap-" + key} under it.
     *
     * @return whether the lookup was a hit
     */
    boolean request(String key);

    /** Entries removed so far to respect the capacity. */
    long evictions();

    @Override
    void close();
}
