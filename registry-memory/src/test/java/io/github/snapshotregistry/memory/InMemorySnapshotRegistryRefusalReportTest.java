package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemorySnapshotRegistryRefusalReportTest {

    /** Where System.Logger writes by default; held so that the handler stays attached. */
    private final Logger log = Logger.getLogger(InMemorySnapshotRegistry.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
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

    @BeforeEach
    void record() {
        log.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        log.removeHandler(recorder);
    }

    @Test
    void aRefusedEvictionIsReportedOnceWhateverTheRetries() {
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(1)
                .evictionListener(eviction -> {
                    throw new IOException("snapshot store unreachable");
                })
                .build();
        try (SnapshotRegistry registry = new InMemorySnapshotRegistry(config)) {
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
