package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rough number, not a benchmark (registry-bench has those): a get-or-put loop on a pool of four
 * connections. Opt in with {@code -Dregistry.postgres.throughput=true}.
 */
@EnabledIfSystemProperty(named = "registry.postgres.throughput", matches = "true")
class ThroughputTest {

    private static final int OPERATIONS_PER_THREAD = Integer.getInteger("registry.postgres.throughput.operations", 5_000);

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 4})
    void getOrPutLoop(int threads) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HikariDataSource connections = database.pool(4);
                PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(
                        connections, RegistryConfig.builder().maxEntries(1_000).build())) {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                        String key = "key-" + (i * 31 + thread) % 2_000;
                        if (registry.get(key).isEmpty()) {
                            registry.put(key, SnapshotId.of(key + "-" + thread + "-" + i));
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("get-or-put, %d threads: %.0f loops/s%n", threads, threads * OPERATIONS_PER_THREAD / seconds);
            assertTrue(registry.size() <= 1_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
