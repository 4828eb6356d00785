package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database server stops under load and starts again on the same data directory and port:
 * operations in between fail with {@link RegistryException}, never with a wrong answer, and
 * afterwards the registry works and has lost nothing.
 */
class ConnectionLossTest {

    private static final int OPERATIONS = Integer.getInteger("registry.postgres.load", 300);
    private static final long MAX_ENTRIES = 20;
    private static final int WRITERS = 2;

    @TempDir
    Path dataDirectory;

    @Test
    void operationsFailWhileTheServerIsDownAndNothingIsLostWhenItReturns() throws Exception {
        EmbeddedPostgres server = start(0);
        int port = server.getPort();
        DataSource dataSource = EmbeddedDatabase.dataSource(server.getJdbcUrl(EmbeddedDatabase.USER, "postgres"));
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Set<String> stored = ConcurrentHashMap.newKeySet();
        CountDownLatch loaded = new CountDownLatch(WRITERS * 20);
        CountDownLatch failing = new CountDownLatch(WRITERS);
        AtomicInteger storedAfterRestart = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.builder(dataSource)
                .deliveryLease(Duration.ofMillis(500))
                .open(RegistryConfig.builder()
                        .maxEntries(MAX_ENTRIES)
                        .evictionListener(eviction -> delivered.add(eviction.snapshotId().value()))
                        .build())) {
            List<Future<Integer>> failures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                failures.add(writers.submit(() -> {
                    int failed = 0;
                    for (int i = 0; storedAfterRestart.get() < OPERATIONS || failed == 0; i++) {
                        String id = "writer" + writer + "-" + i;
                        try {
                            registry.put("key-" + (i % (MAX_ENTRIES * 2)), SnapshotId.of(id));
                            stored.add(id);
                            loaded.countDown();
                            if (failed > 0) {
                                storedAfterRestart.incrementAndGet();
                            }
                        } catch (RegistryException expected) {
                            if (failed++ == 0) {
                                failing.countDown();
                            }
                        }
                    }
                    return failed;
                }));
            }
            loaded.await();

            server.close();
            failing.await();

            assertAll("while the server is down",
                    () -> assertThrows(RegistryException.class, () -> registry.get("kept")),
                    () -> assertThrows(RegistryException.class, () -> registry.peek("kept")),
                    () -> assertThrows(RegistryException.class, () -> registry.put("k", SnapshotId.of("lost"))),
                    () -> assertThrows(RegistryException.class, () -> registry.invalidate("kept")),
                    () -> assertThrows(RegistryException.class, registry::size),
                    () -> assertThrows(RegistryException.class, registry::entries),
                    () -> assertThrows(RegistryException.class, registry::pendingEvictions),
                    () -> assertThrows(RegistryException.class, registry::deliverPendingEvictions));

            server = start(port);
            for (Future<Integer> writer : failures) {
                assertTrue(writer.get() > 0, "every writer saw the outage");
            }

            registry.put("after", SnapshotId.of("after"));
            assertEquals(Optional.of(SnapshotId.of("after")), registry.get("after"), "the registry works again");
            Instant deadline = Instant.now().plusSeconds(60);
            while (registry.pendingEvictions() > 0 && Instant.now().isBefore(deadline)) {
                registry.deliverPendingEvictions();
            }
            Set<String> mapped = registry.entries().stream()
                    .map(RegistryEntry::snapshotId).map(SnapshotId::value).collect(Collectors.toSet());
            Set<String> lost = new HashSet<>(stored);
            lost.removeAll(mapped);
            lost.removeAll(delivered);
            Set<String> doubleBooked = new HashSet<>(mapped);
            doubleBooked.retainAll(delivered);
            assertAll("after the server returned",
                    () -> assertEquals(0, registry.pendingEvictions()),
                    () -> assertTrue(registry.size() <= MAX_ENTRIES),
                    () -> assertEquals(List.of(), registry.checkStorage()),
                    () -> assertEquals(Set.of(), lost, "ids lost"),
                    () -> assertEquals(Set.of(), doubleBooked, "ids delivered while mapped"));
        } finally {
            writers.shutdownNow();
            server.close();
        }
    }

    private EmbeddedPostgres start(int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false);
        return (port == 0 ? builder : builder.setPort(port)).start();
    }
}
