package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

    private final List<String> attempts = new ArrayList<>();

    /** A command that fails for ids starting with "bad". */
    private final EvictionListener command = eviction -> {
        attempts.add(eviction.snapshotId().value());
        if (eviction.snapshotId().value().startsWith("bad")) {
            throw new IOException("cannot delete " + eviction.snapshotId().value());
        }
    };

    private static Eviction eviction(String id) {
        return new Eviction("key-" + id, SnapshotId.of(id), 1, RemovalCause.EXPLICIT);
    }

    @Test
    void countsWhatTheCommandAcceptedAndWhatFailed() throws Exception {
        Deliveries deliveries = Deliveries.through(command, Progress.none());

        deliveries.onEviction(eviction("a"));
        assertThrows(IOException.class, () -> deliveries.onEviction(eviction("bad-1")));
        deliveries.onEviction(eviction("b"));
        assertThrows(IOException.class, () -> deliveries.onEviction(eviction("bad-2")));

        assertEquals(2, deliveries.delivered());
        assertEquals(2, deliveries.failed());
        assertEquals(Optional.of("cannot delete bad-1"), deliveries.firstFailure());
    }

    @Test
    void aSnapshotWhoseCommandFailedIsRefusedWithoutRunningTheCommandAgain() throws Exception {
        Deliveries deliveries = Deliveries.through(command, Progress.none());
        assertThrows(IOException.class, () -> deliveries.onEviction(eviction("bad-1")));

        Exception again = assertThrows(Exception.class, () -> deliveries.onEviction(eviction("bad-1")));

        assertEquals("cannot delete bad-1", again.getMessage());
        assertEquals(List.of("bad-1"), attempts);
        assertEquals(1, deliveries.failed());
    }

    @Test
    void anErrorFromTheCommandPropagatesUncounted() {
        AssertionError error = new AssertionError("boom");
        Deliveries deliveries = Deliveries.through(eviction -> {
            throw error;
        }, Progress.none());

        assertSame(error, assertThrows(AssertionError.class, () -> deliveries.onEviction(eviction("a"))));
        assertEquals(0, deliveries.delivered());
        assertEquals(0, deliveries.failed());
    }

    @Test
    void refusingLeavesEveryEvictionPendingAndCountsNothing() {
        Deliveries deliveries = Deliveries.refusing("left pending by --keep-pending");

        Exception refused = assertThrows(Exception.class, () -> deliveries.onEviction(eviction("a")));

        assertEquals("left pending by --keep-pending", refused.getMessage());
        assertEquals(0, deliveries.delivered());
        assertEquals(0, deliveries.failed());
        assertEquals(Optional.empty(), deliveries.firstFailure());
    }

    @Test
    void progressIsShownAtTheFirstDeliveryAndEndedWithTheFinalCounts() throws Exception {
        StringWriter err = new StringWriter();
        Deliveries deliveries = Deliveries.through(command, Progress.onTerminal(new PrintWriter(err), "retry"));

        deliveries.onEviction(eviction("a"));
        assertThrows(IOException.class, () -> deliveries.onEviction(eviction("bad")));
        deliveries.finish();

        String shown = err.toString();
        assertEquals("\rretry: 1 delivered, 0 failed", shown.substring(0, shown.indexOf("failed") + 6));
        assertEquals("\rretry: 1 delivered, 1 failed" + System.lineSeparator(),
                shown.substring(shown.lastIndexOf('\r')));
    }

    @Test
    void withoutDeliveriesFinishingShowsNothing() {
        StringWriter err = new StringWriter();
        Deliveries deliveries = Deliveries.through(command, Progress.onTerminal(new PrintWriter(err), "clean"));

        deliveries.finish();

        assertEquals("", err.toString());
    }
}
