package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one logger (where System.Logger writes by default) is told, from open until close;
 * for the tests of every module that logs (this module's test-jar).
 */
public final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogRecorder(Logger logger, Level level) {
        this.logger = logger;
        this.levelBefore = logger.getLevel();
        logger.setLevel(level);
        logger.addHandler(this);
    }

    /**
     * Starts recording everything the named logger and its children are told at {@code level} or above.
     *
     * @param loggerName the logger
     * @param level the least level recorded
     * @return the recorder, which stops when closed
     */
    public static LogRecorder record(String loggerName, Level level) {
        return new LogRecorder(Logger.getLogger(loggerName), level);
    }

    /**
     * Asserts that an adapter's migrations log through {@link FlywayLogging}: {@code open}, run twice
     * (creating the storage, then finding it current), makes Flyway say something, all of it below
     * INFO.
     *
     * @param open opens and closes a registry on one storage
     */
    public static void assertFlywayQuietWhileOpening(Runnable open) {
        List<LogRecord> records;
        // "org.flywaydb" is every Flyway logger's parent.
        try (LogRecorder flyway = record("org.flywaydb", Level.ALL)) {
            open.run();
            open.run();
            records = List.copyOf(flyway.records());
        }
        assertFalse(records.isEmpty(), "Flyway's messages must reach System.Logger");
        assertEquals(List.of(), records.stream()
                        .filter(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                        .map(LogRecord::getMessage)
                        .toList(),
                "an ordinary open must log nothing at INFO or above");
    }

    /**
     * What the logger was told so far.
     *
     * @return the records, oldest first
     */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }
}
