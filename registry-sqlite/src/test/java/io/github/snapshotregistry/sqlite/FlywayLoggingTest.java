package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.snapshotregistry.RegistryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywayLoggingTest {

    @TempDir
    Path folder;

    /** Where System.Logger writes by default; every Flyway logger's parent. */
    private final Logger flywayLog = Logger.getLogger("org.flywaydb");
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
    private Level levelBefore;

    @BeforeEach
    void recordEverythingFlywaySays() {
        levelBefore = flywayLog.getLevel();
        flywayLog.setLevel(Level.ALL);
        flywayLog.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        flywayLog.removeHandler(recorder);
        flywayLog.setLevel(levelBefore);
    }

    @Test
    void creatingAndReopeningAFileLogsFlywaysProgressBelowInfoThroughSystemLogger() {
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).build();
        Path file = folder.resolve("registry.db");

        SqliteSnapshotRegistry.open(file, config).close();
        SqliteSnapshotRegistry.open(file, config).close();

        assertFalse(records.isEmpty(), "Flyway's messages must reach System.Logger");
        List<String> loud = records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(LogRecord::getMessage)
                .collect(Collectors.toList());
        assertEquals(List.of(), loud, "an ordinary open must log nothing at INFO or above");
    }
}
