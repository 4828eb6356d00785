package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code invalidateAll} removes entries in transactions of at most 1 000, delivering each before the
 * next, so it never holds the registry's lock for the whole registry. Entries per run: {@code
 * -Dregistry.postgres.invalidateAll.entries} (default 2 500); it prints how long it took and the
 * longest a concurrent put waited.
 */
class InvalidateAllTest {

    private static final int ENTRIES = Integer.getInteger("registry.postgres.invalidateAll.entries", 2_500);

    private EmbeddedDatabase database;
    private HikariDataSource pool;

    @BeforeEach
    void database() {
        database = EmbeddedDatabase.create();
        pool = database.pool(2);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void eachBatchOfAtMostAThousandIsCommittedAndDeliveredBeforeTheNextBegins() {
        Map<Integer, Long> sizeAtDelivery = new TreeMap<>();
        List<Eviction> delivered = new ArrayList<>();
        PostgresSnapshotRegistry[] self = new PostgresSnapshotRegistry[1];
        RegistryConfig config = RegistryConfig.builder().maxEntries(ENTRIES + 1).evictionListener(eviction -> {
            delivered.add(eviction);
            if (delivered.size() % 1_000 == 1) {
                sizeAtDelivery.put(delivered.size(), self[0].size());
            }
        }).build();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(pool, config)) {
            self[0] = registry;
            EmbeddedDatabase.fill(pool, ENTRIES);

            registry.invalidateAll();

            Map<Integer, Long> expected = new TreeMap<>();
            for (int first = 1; first <= ENTRIES; first += 1_000) {
                expected.put(first, (long) Math.max(0, ENTRIES - (first + 999)));
            }
            assertEquals(expected, sizeAtDelivery, "size when the first removal of each batch was delivered");
            assertEquals(0, registry.size());
            assertEquals(ENTRIES, delivered.size());
            assertEquals(new Eviction("key 0", SnapshotId.of("id 0"), 1, RemovalCause.EXPLICIT), delivered.get(0));
            assertEquals(SnapshotId.of("id " + (ENTRIES - 1)), delivered.get(ENTRIES - 1).snapshotId());
            assertEquals(List.of(), registry.checkStorage());
        }
    }

    @Test
    void anEntryWrittenDuringItSurvivesAndEveryEarlierOneIsRemoved() {
        PostgresSnapshotRegistry[] self = new PostgresSnapshotRegistry[1];
        AtomicLong longestPutNanos = new AtomicLong();
        RegistryConfig config = RegistryConfig.builder().maxEntries(ENTRIES + 10).evictionListener(eviction -> {
            if (eviction.snapshotId().value().endsWith("000")) {
                long start = System.nanoTime();
                self[0].put("written during " + eviction.key(), SnapshotId.of("late " + eviction.key()));
                longestPutNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
        }).build();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(pool, config)) {
            self[0] = registry;
            EmbeddedDatabase.fill(pool, ENTRIES);
            long start = System.nanoTime();

            registry.invalidateAll();

            System.out.printf("invalidateAll of %d entries: %d ms; a put during it took at most %d ms%n",
                    ENTRIES, (System.nanoTime() - start) / 1_000_000, longestPutNanos.get() / 1_000_000);
            List<String> expected = new ArrayList<>();
            for (int i = 1_000; i < ENTRIES; i += 1_000) {
                expected.add("written during key " + i);
            }
            assertEquals(expected, registry.entries().stream().map(RegistryEntry::key).toList());
        }
    }

    /**
     * The figures: how long it takes and how long a put from another connection waits at most while
     * it runs (the longest hold of the registry's lock). Opt in with {@code
     * -Dregistry.postgres.invalidateAll.figures=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "registry.postgres.invalidateAll.figures", matches = "true")
    void figures() throws Exception {
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(pool,
                        RegistryConfig.builder().maxEntries(2L * ENTRIES).build());
                HikariDataSource otherHost = database.pool(2);
                PostgresSnapshotRegistry writer = PostgresSnapshotRegistry.open(otherHost,
                        RegistryConfig.builder().maxEntries(2L * ENTRIES).build())) {
            EmbeddedDatabase.fill(pool, ENTRIES);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong longestPutNanos = new AtomicLong();
            AtomicLong puts = new AtomicLong();
            Thread writing = new Thread(() -> {
                while (!done.get()) {
                    long start = System.nanoTime();
                    writer.put("concurrent " + puts.incrementAndGet(), SnapshotId.of("concurrent"));
                    longestPutNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                }
            });
            writing.start();
            long start = System.nanoTime();

            registry.invalidateAll();

            long millis = (System.nanoTime() - start) / 1_000_000;
            done.set(true);
            writing.join();
            System.out.printf("invalidateAll of %d entries: %d ms; %d concurrent puts, the longest waited %d ms%n",
                    ENTRIES, millis, puts.get(), longestPutNanos.get() / 1_000_000);
            assertEquals(0, registry.entries().stream().filter(entry -> entry.key().startsWith("key ")).count());
        }
    }
}
