package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ListenerRefusalsTest {

    private final RecordingLogger logger = new RecordingLogger();
    private final ListenerRefusals refusals = new ListenerRefusals(logger);

    @Test
    void anEvictionRefusedAgainAndAgainIsReportedOnceAsAWarningWithTheListenersException() {
        Eviction eviction = new Eviction("build-1", SnapshotId.of("snap-1"), 10, RemovalCause.CAPACITY);
        IOException refusal = new IOException("disk full");

        refusals.refused(eviction, refusal);
        refusals.refused(eviction, new IOException("still full"));
        refusals.refused(eviction, new IOException("still full"));

        assertEquals(1, logger.messages.size(), "reports: " + logger.messages);
        assertEquals(Level.WARNING, logger.levels.get(0));
        assertSame(refusal, logger.thrown.get(0));
        assertEquals("the eviction listener refused snapshot \"snap-1\" (key \"build-1\", CAPACITY): it stays pending,"
                + " and is offered again by deliverPendingEvictions() and when the registry is next opened; later"
                + " refusals of this eviction are not reported", logger.messages.get(0));
    }

    @Test
    void eachDistinctEvictionIsReported() {
        refusals.refused(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.EXPLICIT), new Exception("no"));
        refusals.refused(new Eviction("b", SnapshotId.of("2"), 1, RemovalCause.EXPLICIT), new Exception("no"));

        assertEquals(2, logger.messages.size());
    }

    @Test
    void controlCharactersQuotesAndBackslashesInKeysAndIdsAreEscaped() {
        refusals.refused(new Eviction("a\nb\"c\\", SnapshotId.of("x\u001by\u2028"), 1, RemovalCause.EXPIRED),
                new Exception("no"));

        assertEquals("the eviction listener refused snapshot \"x\\u001by\\u2028\" (key \"a\\nb\\\"c\\\\\", EXPIRED)",
                logger.messages.get(0).substring(0, logger.messages.get(0).indexOf(':')));
    }

    @Test
    void onlyTheMostRecentRefusalsAreRemembered() {
        Eviction first = new Eviction("first", SnapshotId.of("first"), 1, RemovalCause.CAPACITY);
        refusals.refused(first, new Exception("no"));
        for (int i = 0; i < ListenerRefusals.REMEMBERED; i++) {
            refusals.refused(new Eviction("k" + i, SnapshotId.of("id" + i), 1, RemovalCause.CAPACITY), new Exception("no"));
        }

        refusals.refused(first, new Exception("no"));

        assertEquals(ListenerRefusals.REMEMBERED + 2, logger.messages.size());
    }

    /** A System.Logger that keeps what it is given. */
    private static final class RecordingLogger implements Logger {

        final List<Level> levels = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<Throwable> thrown = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable throwable) {
            levels.add(level);
            messages.add(message);
            thrown.add(throwable);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... parameters) {
            throw new AssertionError("parameters are not used");
        }

        @Override
        public void log(Level level, Supplier<String> message, Throwable throwable) {
            log(level, null, message.get(), throwable);
        }
    }
}
