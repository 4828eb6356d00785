package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs as hosts of one registry. Operations per host: {@code -Dregistry.postgres.load}
 * (default 300).
 */
class FleetTest {

    private static final int OPERATIONS = Integer.getInteger("registry.postgres.load", 300);
    private static final long MAX_ENTRIES = 20;

    @TempDir
    Path directory;

    @Test
    void threeHostsHammeringOneRegistryKeepItsBoundAndNeverOrphanOrDoubleBookASnapshot() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        List<Process> hosts = new ArrayList<>();
        for (String host : List.of("a", "b", "c")) {
            hosts.add(startHost(database, host, OPERATIONS, 60_000, 0));
        }

        for (Process host : hosts) {
            assertTrue(host.waitFor(5, TimeUnit.MINUTES), "a host did not finish");
            String output = new String(host.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, host.exitValue(), "host failed: " + output + stderr(host));
        }

        Set<String> deliveredNow = new HashSet<>();
        try (PostgresSnapshotRegistry registry = openAsChecker(database, deliveredNow, Duration.ofMinutes(1))) {
            registry.deliverPendingEvictions();
            Set<String> mapped = mapped(registry.entries());
            Set<String> delivered = union(recorded("deliveries-"), deliveredNow);
            Set<String> put = recorded("puts-");
            assertAll(
                    () -> assertEquals(3L * OPERATIONS, put.size(), "every put of every host returned"),
                    () -> assertTrue(registry.size() <= MAX_ENTRIES, "bound broken: " + registry.size()),
                    () -> assertEquals(0, registry.pendingEvictions()),
                    () -> assertEquals(List.of(), registry.checkStorage()),
                    () -> assertEquals(Set.of(), minus(put, union(mapped, delivered)), "ids lost"),
                    () -> assertEquals(Set.of(), intersection(mapped, delivered), "ids delivered while mapped"),
                    () -> assertEquals(delivered.size(), deliveries() + deliveredNow.size(), "an id delivered twice"));
        }
    }

    @Test
    void aHostKilledWhileDeliveringLosesNothingAndItsClaimExpires() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        long leaseMillis = 5_000;
        Process victim = startHost(database, "victim", 1_000_000, leaseMillis, 40);
        String stuck = awaitLine(victim, "stuck ").substring("stuck ".length());

        victim.destroyForcibly();
        victim.waitFor();

        Set<String> deliveredNow = new HashSet<>();
        try (PostgresSnapshotRegistry registry = openAsChecker(database, deliveredNow, Duration.ofMillis(leaseMillis))) {
            assertTrue(registry.listPendingEvictions().stream().anyMatch(e -> e.snapshotId().value().equals(stuck)),
                    "the eviction the victim was delivering is still pending");
            assertTrue(!deliveredNow.contains(stuck), "a claimed eviction was delivered by a second host");

            Instant deadline = Instant.now().plusSeconds(60);
            while (registry.pendingEvictions() > 0 && Instant.now().isBefore(deadline)) {
                registry.deliverPendingEvictions();
            }

            Set<String> mapped = mapped(registry.entries());
            Set<String> delivered = union(recorded("deliveries-"), deliveredNow);
            assertAll(
                    () -> assertEquals(0, registry.pendingEvictions(), "the victim's claims never expired"),
                    () -> assertTrue(deliveredNow.contains(stuck), "the stuck eviction was delivered after its claim expired"),
                    () -> assertTrue(registry.size() <= MAX_ENTRIES),
                    () -> assertEquals(List.of(), registry.checkStorage()),
                    () -> assertEquals(Set.of(), minus(recorded("puts-"), union(mapped, delivered)), "ids lost"),
                    () -> assertEquals(Set.of(), intersection(mapped, delivered), "ids delivered while mapped"));
        }
    }

    private PostgresSnapshotRegistry openAsChecker(EmbeddedDatabase database, Set<String> delivered, Duration lease) {
        return PostgresSnapshotRegistry.builder(database.dataSource())
                .registryName("fleet")
                .deliveryLease(lease)
                .open(RegistryConfig.builder()
                        .maxEntries(MAX_ENTRIES)
                        .evictionListener(eviction -> delivered.add(eviction.snapshotId().value()))
                        .build());
    }

    private Process startHost(EmbeddedDatabase database, String host, int operations, long leaseMillis, int stuckAt)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", classpath, FleetHost.class.getName(),
                database.jdbcUrl(), "fleet", host, String.valueOf(operations), String.valueOf(MAX_ENTRIES),
                String.valueOf(leaseMillis), directory.toString(), String.valueOf(stuckAt))
                .redirectError(directory.resolve("stderr-" + host + ".txt").toFile())
                .start();
    }

    private static String awaitLine(Process process, String prefix) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the host ended without printing '" + prefix + "'");
    }

    private String stderr(Process host) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("stderr-"))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            return e.toString();
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }

    private Set<String> recorded(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            Set<String> ids = new HashSet<>();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                ids.addAll(Files.readAllLines(file));
            }
            return ids;
        }
    }

    private long deliveries() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            long lines = 0;
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("deliveries-")).toList()) {
                lines += Files.readAllLines(file).size();
            }
            return lines;
        }
    }

    private static Set<String> mapped(List<RegistryEntry> entries) {
        return entries.stream().map(RegistryEntry::snapshotId).map(SnapshotId::value).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> difference = new HashSet<>(a);
        difference.removeAll(b);
        return difference;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return common;
    }
}
