package io.github.snapshotregistry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "host" of the fleet and crash tests, run in its own JVM: hammers one registry with puts of
 * unique ids, gets and invalidations, and records durably, one line each, every id whose put
 * returned ({@code puts-<host>.txt}) and every id its listener accepted ({@code
 * deliveries-<host>.txt}). Prints {@code progress <n>} as it goes and {@code done} at the end.
 *
 * <p>Arguments: jdbcUrl registryName host operations maxEntries leaseMillis directory
 * stuckAtDelivery; with stuckAtDelivery above 0, the listener prints {@code stuck <id>} at that
 * delivery and then blocks forever, holding its claim, until the test kills the JVM.
 */
public final class FleetHost {

    private FleetHost() {}

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String registryName = args[1];
        String host = args[2];
        int operations = Integer.parseInt(args[3]);
        long maxEntries = Long.parseLong(args[4]);
        long leaseMillis = Long.parseLong(args[5]);
        Path directory = Path.of(args[6]);
        int stuckAtDelivery = Integer.parseInt(args[7]);
        AtomicInteger deliveries = new AtomicInteger();
        try (OutputStream delivered = new FileOutputStream(directory.resolve("deliveries-" + host + ".txt").toFile(), true);
                OutputStream stored = new FileOutputStream(directory.resolve("puts-" + host + ".txt").toFile(), true)) {
            RegistryConfig config = RegistryConfig.builder()
                    .maxEntries(maxEntries)
                    .evictionListener(eviction -> {
                        if (deliveries.incrementAndGet() == stuckAtDelivery) {
                            System.out.println("stuck " + eviction.snapshotId().value());
                            System.out.flush();
                            System.in.transferTo(OutputStream.nullOutputStream());
                            throw new IOException("the test closed the input of a stuck host");
                        }
                        record(delivered, eviction.snapshotId().value());
                    })
                    .build();
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(jdbcUrl);
            pool.setMaximumPoolSize(2);
            try (HikariDataSource connections = new HikariDataSource(pool);
                    PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.builder(connections)
                    .registryName(registryName)
                    .deliveryLease(Duration.ofMillis(leaseMillis))
                    .open(config)) {
                Random random = new Random(host.hashCode());
                for (int i = 1; i <= operations; i++) {
                    String key = "key-" + random.nextInt((int) maxEntries * 2);
                    String id = host + "-" + i;
                    registry.put(key, SnapshotId.of(id));
                    record(stored, id);
                    if (registry.size() > maxEntries) {
                        System.out.println("bound broken: size " + registry.size());
                        System.exit(3);
                    }
                    if (i % 3 == 0) {
                        registry.get("key-" + random.nextInt((int) maxEntries * 2));
                    }
                    if (i % 7 == 0) {
                        registry.invalidate("key-" + random.nextInt((int) maxEntries * 2));
                    }
                    if (i % 50 == 0) {
                        System.out.println("progress " + i);
                        System.out.flush();
                    }
                }
                registry.deliverPendingEvictions();
            }
        }
        System.out.println("done");
    }

    private static void record(OutputStream file, String id) throws IOException {
        file.write((id + "\n").getBytes(StandardCharsets.UTF_8));
        file.flush();
    }
}
