package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.memory.Outbox.Pending;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxTest {

    private static final Eviction A = new Eviction("k1", SnapshotId.of("a"), 1, RemovalCause.CAPACITY);
    private static final Eviction B = new Eviction("k2", SnapshotId.of("b"), 2, RemovalCause.EXPLICIT);

    private final Outbox outbox = new Outbox();

    @Test
    void anAddedEvictionIsPendingAndClaimedByTheOperationThatMadeIt() {
        Pending a = outbox.add(A);

        assertTrue(outbox.isPending(a));
        assertFalse(outbox.claim(a));
        assertEquals(List.of(), outbox.unclaimed());
        assertEquals(1, outbox.size());
    }

    @Test
    void aReleasedEvictionCanBeClaimedOnceAndIsListedOldestFirst() {
        Pending a = outbox.add(A);
        Pending b = outbox.add(B);
        outbox.release(b);
        outbox.release(a);

        assertEquals(List.of(a, b), outbox.unclaimed());
        assertTrue(outbox.claim(a));
        assertFalse(outbox.claim(a));
        assertEquals(List.of(b), outbox.unclaimed());
        assertEquals(List.of(A, B), outbox.list());
    }

    @Test
    void cancellingAnIdRemovesItsEviction() {
        Pending a = outbox.add(A);

        outbox.cancel(A.snapshotId());

        assertFalse(outbox.isPending(a));
        assertEquals(0, outbox.size());
        outbox.release(a);
        assertFalse(outbox.claim(a));
    }

    @Test
    void acceptingAnEvictionWhoseIdWasEvictedAgainLeavesTheNewerOnePending() {
        Pending first = outbox.add(A);
        outbox.cancel(A.snapshotId());
        Pending second = outbox.add(A);

        outbox.accept(first);

        assertTrue(outbox.isPending(second));
        assertEquals(List.of(A), outbox.list());
    }

    @Test
    void anAcceptedEvictionIsNoLongerPending() {
        Pending a = outbox.add(A);

        outbox.accept(a);

        assertFalse(outbox.isPending(a));
        assertEquals(0, outbox.size());
    }

    @Test
    void clearForgetsEveryEviction() {
        outbox.add(A);
        outbox.add(B);

        outbox.clear();

        assertEquals(List.of(), outbox.list());
    }
}
