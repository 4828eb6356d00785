package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.snapshotregistry.RegistryConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FlywayLoggingTest {

    @Test
    void creatingAndReopeningASchemaLogsFlywaysProgressBelowInfoThroughSystemLogger() {
        DataSource database = EmbeddedDatabase.create().dataSource();
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).build();
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
        // "org.flywaydb" is every Flyway logger's parent; System.Logger writes to java.util.logging.
        Logger flyway = Logger.getLogger("org.flywaydb");
        Level levelBefore = flyway.getLevel();
        flyway.setLevel(Level.ALL);
        flyway.addHandler(recorder);
        try {
            PostgresSnapshotRegistry.open(database, config).close();
            PostgresSnapshotRegistry.open(database, config).close();
        } finally {
            flyway.removeHandler(recorder);
            flyway.setLevel(levelBefore);
        }

        assertFalse(records.isEmpty(), "Flyway's messages must reach System.Logger");
        List<String> loud = records.stream()
                .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .map(LogRecord::getMessage)
                .collect(Collectors.toList());
        assertEquals(List.of(), loud, "an ordinary open must log nothing at INFO or above");
    }
}
