package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A rough number, not a benchmark (registry-bench has those): a get-or-put loop over twice as many
 * keys as the registry holds, on a registry filled to its bound first. Opt in with {@code
 * -Dsnapshotregistry.throughput=true}; loops per thread: {@code
 * -Dsnapshotregistry.throughput.operations} (default 50 000).
 */
@EnabledIfSystemProperty(named = "snapshotregistry.throughput", matches = "true")
class ThroughputTest {

    private static final int OPERATIONS = Integer.getInteger("snapshotregistry.throughput.operations", 50_000);

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} entries, {1} threads")
    @CsvSource({"1000, 1", "1000, 2", "100000, 1", "100000, 2"})
    void getOrPutLoop(int entries, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("throughput.db"),
                RegistryConfig.builder().maxEntries(entries).build())) {
            for (int i = 0; i < entries; i++) {
                registry.put("key-" + i, SnapshotId.of("snapshot-" + i));
            }
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom random = new SplittableRandom(t);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        String key = "key-" + random.nextInt(2 * entries);
                        if (registry.get(key).isEmpty()) {
                            registry.put(key, SnapshotId.of("snapshot-" + key));
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("get-or-put at %d entries, %d threads: %.0f loops/s (hit rate %.2f)%n",
                    entries, threads, threads * OPERATIONS / seconds, registry.stats().hitRate());
            assertTrue(registry.size() <= entries);
        } finally {
            pool.shutdownNow();
        }
    }
}
