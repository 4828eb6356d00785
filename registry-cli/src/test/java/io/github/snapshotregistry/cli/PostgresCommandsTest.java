package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI on {@code postgresql:} URIs, against an embedded PostgreSQL server; each test its own registry. */
class PostgresCommandsTest {

    private static EmbeddedPostgres server;
    private static int registries;

    private String uri;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void makeRegistry() {
        uri = server.getJdbcUrl("postgres", "postgres").replace("jdbc:postgresql:", "postgresql:")
                + "&password=s3cret&registry=cli-" + ++registries;
        RegistryConfig config = RegistryConfig.builder().maxEntries(100).evictionListener(eviction -> {
            throw new Exception("left pending by the test");
        }).build();
        try (SnapshotRegistry registry = SnapshotRegistries.open(uri, config)) {
            registry.put("first", SnapshotId.of("pg-1"), 10);
            registry.put("second", SnapshotId.of("pg-2"), 20);
            registry.put("gone", SnapshotId.of("pg-gone"), 30);
            registry.invalidate("gone");
        }
    }

    private List<Eviction> pending() {
        try (SnapshotRegistry registry = SnapshotRegistries.open(uri, RegistryConfig.builder().maxEntries(100)
                .evictionListener(eviction -> {
                    throw new Exception("left pending by the test");
                }).build())) {
            return registry.listPendingEvictions();
        }
    }

    @Test
    void statsAndLsReadThePostgresRegistryWithoutShowingTheUrisParameters() {
        CliRun stats = CliRun.run("--registry", uri, "--json", "stats");
        CliRun ls = CliRun.run("--registry", uri, "--json", "ls", "--hottest");

        assertEquals(0, stats.exitCode(), stats::toString);
        Map<String, Object> document = stats.json();
        assertEquals(2L, document.get("entries"));
        assertEquals(30L, document.get("totalWeight"));
        assertEquals(1L, document.get("pendingEvictions"));
        assertTrue(((String) document.get("registry")).endsWith("/postgres?..."), stats::toString);
        assertFalse(stats.out().contains("s3cret"), stats::toString);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) ls.json().get("entries");
        assertEquals(List.of("second", "first"), entries.stream().map(entry -> entry.get("key")).toList());
    }

    @Test
    void aFailingOnEvictCommandLeavesThePostgresEvictionPendingAndRetryDeliversIt() {
        CliRun rm = CliRun.run("--registry", uri, "rm", "first", "--on-evict", "test {id} = pg-gone");

        assertEquals(0, rm.exitCode(), rm::toString);
        assertEquals(List.of("pg-1"), pending().stream().map(eviction -> eviction.snapshotId().value()).toList());

        CliRun retry = CliRun.run("--registry", uri, "retry", "--json", "--on-evict", "true");

        assertEquals(Map.of("delivered", 1L, "failed", 0L, "pendingEvictions", 0L), JsonReader.withoutNulls(retry.json()));
        assertEquals(List.of(), pending());
    }

    @Test
    void doctorChecksThePostgresStorageAndReportsItsSchemaAsCurrent() {
        CliRun doctor = CliRun.run("--registry", uri, "doctor");

        assertEquals(0, doctor.exitCode(), doctor::toString);
        assertTrue(doctor.outLines().stream().anyMatch(line -> line.startsWith("schema    ") && line.endsWith(", current")),
                doctor::toString);
        assertTrue(doctor.outLines().contains("problems  none"), doctor::toString);
    }

    @Test
    void anUnreachableServerIsAStoreError() {
        CliRun run = CliRun.run("--registry", "postgresql://localhost:1/nowhere?password=hunter2", "stats");

        assertEquals(3, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertFalse(run.err().contains("hunter2"), run::toString);
    }
}
