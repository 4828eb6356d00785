package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefusalReportTest {

    @TempDir
    Path folder;

    @Test
    void aRefusedEvictionIsReportedOnceAsAWarningWhateverTheRetries() {
        Logger log = Logger.getLogger(SqliteSnapshotRegistry.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(recorder);
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(1)
                .evictionListener(eviction -> {
                    throw new IOException("snapshot store unreachable");
                })
                .build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(folder.resolve("registry.db"), config)) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));

            registry.deliverPendingEvictions();
            registry.deliverPendingEvictions();

            assertEquals(1, registry.pendingEvictions());
            assertEquals(1, records.size(), "reports");
            assertEquals(Level.WARNING, records.get(0).getLevel());
            assertTrue(records.get(0).getMessage().startsWith("the eviction listener refused snapshot \"1\" (key \"a\""),
                    records.get(0).getMessage());
        } finally {
            log.removeHandler(recorder);
        }
    }
}
