package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.snapshotregistry.RegistryConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywayLoggingTest {

    @TempDir
    Path folder;

    /** Everything Flyway says: "org.flywaydb" is every Flyway logger's parent. */
    private LogRecorder flywayLog;
    private List<LogRecord> records;

    @BeforeEach
    void recordEverythingFlywaySays() {
        flywayLog = LogRecorder.record("org.flywaydb", Level.ALL);
        records = flywayLog.records();
    }

    @AfterEach
    void stopRecording() {
        flywayLog.close();
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
