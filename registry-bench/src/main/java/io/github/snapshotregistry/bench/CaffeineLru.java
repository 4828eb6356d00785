package io.github.snapshotregistry.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caffeine bounded by entry count. Its policy is W-TinyLFU, not LRU, so its hit count differs
 * from the exact LRU's; it is here for speed. Maintenance runs on the calling thread so that all
 * of its work is inside the measured time.
 */
final class CaffeineLru implements ReplayTarget {

    private final Cache<String, String> cache;

    CaffeineLru(int capacity) {
        cache = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run).recordStats().build();
    }

    @Override
    public boolean request(String key) {
        if (cache.getIfPresent(key) != null) {
            return true;
        }
        cache.put(key, "snap-" + key);
        return false;
    }

    @Override
    public long evictions() {
        cache.cleanUp();
        return cache.stats().evictionCount();
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }
}
