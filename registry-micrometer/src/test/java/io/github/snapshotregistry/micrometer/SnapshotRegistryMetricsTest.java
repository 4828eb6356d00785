package io.github.snapshotregistry.micrometer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotRegistryMetricsTest {

    @TempDir
    Path folder;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void theMetersReadTheRegistrysStatisticsAndGauges(String adapter) {
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(2)
                .weigher((key, id) -> 10)
                .evictionListener(eviction -> {
                    throw new Exception("refused, so that the eviction stays pending");
                })
                .build();
        try (SnapshotRegistry registry = open(adapter, config)) {
            SnapshotRegistryMetrics.monitor(meters, registry, "images", "host", "a");

            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));
            registry.put("c", SnapshotId.of("3"));
            registry.get("c");
            registry.get("a");
            registry.get("nothing");

            assertAll(
                    () -> assertEquals(1, counter("cache.gets", "result", "hit"), "hits"),
                    () -> assertEquals(2, counter("cache.gets", "result", "miss"), "misses"),
                    () -> assertEquals(3, counter("cache.puts"), "puts"),
                    () -> assertEquals(1, counter("cache.evictions"), "evictions"),
                    () -> assertEquals(10, counter("cache.eviction.weight"), "eviction weight"),
                    () -> assertEquals(2, gauge("cache.size"), "size"),
                    () -> assertEquals(20, gauge("cache.weight"), "weight"),
                    () -> assertEquals(1, gauge("cache.evictions.pending"), "pending evictions"));
        }
    }

    @Test
    void everyMeterIsTaggedWithTheCacheNameAndTheGivenTags() {
        try (SnapshotRegistry registry = memory()) {
            SnapshotRegistryMetrics.monitor(meters, registry, "images", "host", "a");

            List<Meter> bound = meters.getMeters();

            assertEquals(8, bound.size(), "meters: " + names(bound));
            for (Meter meter : bound) {
                assertEquals("images", meter.getId().getTag("cache"), meter.getId().toString());
                assertEquals("a", meter.getId().getTag("host"), meter.getId().toString());
            }
        }
    }

    @Test
    void theMetersOfAClosedRegistryAreNaN() {
        SnapshotRegistry registry = memory();
        SnapshotRegistryMetrics.monitor(meters, registry, "images");
        registry.put("a", SnapshotId.of("1"));

        registry.close();

        assertAll(
                () -> assertTrue(Double.isNaN(gauge("cache.size")), "size"),
                () -> assertTrue(Double.isNaN(counter("cache.puts")), "puts"));
    }

    @Test
    void monitorReturnsTheRegistryAndRejectsNullsAndOddTags() {
        try (SnapshotRegistry registry = memory()) {
            assertSame(registry, SnapshotRegistryMetrics.monitor(meters, registry, "images"));
            assertThrows(NullPointerException.class, () -> SnapshotRegistryMetrics.monitor(meters, registry, null));
            assertThrows(NullPointerException.class, () -> SnapshotRegistryMetrics.monitor(null, registry, "images"));
            assertThrows(IllegalArgumentException.class,
                    () -> SnapshotRegistryMetrics.monitor(meters, registry, "other", "odd"));
        }
    }

    private SnapshotRegistry open(String adapter, RegistryConfig config) {
        return adapter.equals("memory")
                ? new InMemorySnapshotRegistry(config)
                : SqliteSnapshotRegistry.open(folder.resolve("registry.db"), config);
    }

    private static SnapshotRegistry memory() {
        return new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(10).build());
    }

    private double counter(String name, String... tags) {
        FunctionCounter counter = meters.get(name).tags(tags).functionCounter();
        return counter.count();
    }

    private double gauge(String name) {
        Gauge gauge = meters.get(name).gauge();
        return gauge.value();
    }

    private static Set<String> names(List<Meter> meters) {
        return meters.stream().map(meter -> meter.getId().toString()).collect(Collectors.toSet());
    }
}
