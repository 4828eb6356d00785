package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.micrometer.SnapshotRegistryMetrics;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {

    @TempDir
    Path folder;

    @Test
    void aSqliteRegistryFromTheBomCountsItsPutsInMicrometer() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).build();
        try (SnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"), config)) {
            SnapshotRegistryMetrics.monitor(meters, registry, "images");

            registry.put("ubuntu-24.04", SnapshotId.of("img-1"));

            assertEquals(1.0, meters.get("cache.puts").functionCounter().count());
            assertEquals(1.0, meters.get("cache.size").gauge().value());
        }
    }
}
