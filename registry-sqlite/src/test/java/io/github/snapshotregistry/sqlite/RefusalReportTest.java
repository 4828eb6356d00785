package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.LogRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusalReportTest {

    @TempDir
    Path folder;

    @Test
    void aRefusedEvictionIsReportedOnceAsAWarningWhateverTheRetries() {
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(1)
                .evictionListener(eviction -> {
                    throw new IOException("snapshot store unreachable");
                })
                .build();
        try (LogRecorder log = LogRecorder.record(SqliteSnapshotRegistry.class.getName(), Level.INFO);
                SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"), config)) {
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
        }
    }
}
