package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The counts lose nothing to threads racing. */
class InMemorySnapshotRegistryStatsTest {

    private static final int THREADS = 4;
    private static final int REQUESTS = Integer.getInteger("registry.memory.statsRequests", 20_000);

    @Test
    void everyLookupPutAndEvictionOfRacingThreadsIsCounted() throws Exception {
        AtomicLong delivered = new AtomicLong();
        InMemorySnapshotRegistry registry = new InMemorySnapshotRegistry(RegistryConfig.builder()
                .maxEntries(50)
                .evictionListener(eviction -> delivered.incrementAndGet())
                .build());
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[]>> outcomes = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<long[]> replay = () -> {
                    start.await();
                    long misses = 0;
                    for (int i = 0; i < REQUESTS; i++) {
                        // Each thread its own keys: no put replaces another thread's entry.
                        String key = "k-" + thread + "-" + i % 40;
                        if (registry.get(key).isEmpty()) {
                            misses++;
                            registry.put(key, SnapshotId.of("snap-" + key + "-" + i));
                        }
                    }
                    return new long[] {REQUESTS - misses, misses};
                };
                outcomes.add(threads.submit(replay));
            }
            long hits = 0;
            long misses = 0;
            for (Future<long[]> outcome : outcomes) {
                long[] counted = outcome.get(60, TimeUnit.SECONDS);
                hits += counted[0];
                misses += counted[1];
            }
            RegistryStats stats = registry.stats();
            assertEquals(hits, stats.hitCount(), "hits");
            assertEquals(misses, stats.missCount(), "misses");
            assertEquals(misses, stats.putCount(), "puts");
            assertEquals(misses - registry.size(), stats.evictionCount(), "evictions");
            assertEquals(stats.evictionCount(), stats.evictionWeight(), "evicted weight, each entry weighing 1");
            assertEquals(stats.evictionCount(), delivered.get(), "evictions delivered, every id mapped by one key");
        } finally {
            threads.shutdownNow();
        }
    }
}
