package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.jdbi.LogRecorder;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class InMemorySnapshotRegistryRefusalReportTest {

    @Test
    void aRefusedEvictionIsReportedOnceWhateverTheRetries() {
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(1)
                .evictionListener(eviction -> {
                    throw new IOException("snapshot store unreachable");
                })
                .build();
        try (LogRecorder log = LogRecorder.record(InMemorySnapshotRegistry.class.getName(), Level.INFO);
                SnapshotRegistry registry = new InMemorySnapshotRegistry(config)) {
            List<LogRecord> records = log.records();
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));

            registry.deliverPendingEvictions();
            registry.deliverPendingEvictions();

            assertEquals(1, registry.pendingEvictions());
            assertEquals(1, records.size(), "reports");
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertTrue(records.get(0).getMessage().startsWith("the eviction listener refused snapshot \"1\" (key \"a\""),
                    records.get(0).getMessage());
            assertEquals("snapshot store unreachable", records.get(0).getThrown().getMessage());
        }
    }
}
