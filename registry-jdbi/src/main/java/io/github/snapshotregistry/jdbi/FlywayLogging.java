package io.github.snapshotregistry.jdbi;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Where Flyway logs while an adapter migrates its storage, named in Flyway's {@code loggers} setting:
 * to {@link System.Logger}, under Flyway's own logger names ({@code org.flywaydb...}), with its
 * debug, info and notice messages at {@link Level#DEBUG} and its warnings and errors at {@link
 * Level#WARNING} and {@link Level#ERROR}. So opening a registry prints nothing unless something is
 * wrong, and an application that wants Flyway's progress raises those loggers' level.
 *
 * <p>Internal: not API, may change in any release; public only because Flyway makes it by its class
 * name. Needs {@code flyway-core}, which this module declares optional: the adapters that use it
 * declare Flyway themselves.
 */
public final class FlywayLogging implements LogCreator {

    /** Made by Flyway. */
    public FlywayLogging() {
    }

    @Override
    public Log createLogger(Class<?> type) {
        return new Routed(System.getLogger(type.getName()));
    }

    private record Routed(Logger logger) implements Log {

        @Override
        public boolean isDebugEnabled() {
            return logger.isLoggable(Level.DEBUG);
        }

        @Override
        public void debug(String message) {
            logger.log(Level.DEBUG, message);
        }

        @Override
        public void info(String message) {
            logger.log(Level.DEBUG, message);
        }

        @Override
        public void notice(String message) {
            logger.log(Level.DEBUG, message);
        }

        @Override
        public void warn(String message) {
            logger.log(Level.WARNING, message);
        }

        @Override
        public void error(String message) {
            logger.log(Level.ERROR, message);
        }

        @Override
        public void error(String message, Exception exception) {
            logger.log(Level.ERROR, message, exception);
        }
    }
}
