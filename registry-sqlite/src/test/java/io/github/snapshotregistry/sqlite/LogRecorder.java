package io.github.snapshotregistry.sqlite;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what one logger (where System.Logger writes by default) is told, from open until close. */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogRecorder(Logger logger, Level level) {
        this.logger = logger;
        this.levelBefore = logger.getLevel();
        logger.setLevel(level);
        logger.addHandler(this);
    }

    /** Starts recording everything the named logger and its children are told at {@code level} or above. */
    static LogRecorder record(String loggerName, Level level) {
        return new LogRecorder(Logger.getLogger(loggerName), level);
    }

    List<LogRecord> records() {
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
