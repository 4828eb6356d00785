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
    private final IdState a = new IdState(A.snapshotId());
    private final IdState b = new IdState(B.snapshotId());

    @Test
    void anAddedEvictionIsPendingAndClaimedByTheOperationThatMadeIt() {
        Pending pa = outbox.add(a, A);

        assertTrue(Outbox.isPending(pa));
        assertFalse(Outbox.claim(pa));
        assertEquals(List.of(), outbox.unclaimed());
        assertEquals(1, outbox.size());
    }

    @Test
    void aReleasedEvictionCanBeClaimedOnceAndIsListedOldestFirst() {
        Pending pa = outbox.add(a, A);
        Pending pb = outbox.add(b, B);
        Outbox.release(pb);
        Outbox.release(pa);

        assertEquals(List.of(pa, pb), outbox.unclaimed());
        assertTrue(Outbox.claim(pa));
        assertFalse(Outbox.claim(pa));
        assertEquals(List.of(pb), outbox.unclaimed());
        assertEquals(List.of(A, B), outbox.list());
    }

    @Test
    void cancellingAnIdRemovesItsEviction() {
        Pending pa = outbox.add(a, A);

        outbox.cancel(a);

        assertFalse(Outbox.isPending(pa));
        assertEquals(0, outbox.size());
        Outbox.release(pa);
        assertFalse(Outbox.claim(pa));
    }

    @Test
    void acceptingAnEvictionWhoseIdWasEvictedAgainLeavesTheNewerOnePending() {
        Pending first = outbox.add(a, A);
        outbox.cancel(a);
        Pending second = outbox.add(a, A);

        outbox.accept(first);

        assertTrue(Outbox.isPending(second));
        assertEquals(List.of(A), outbox.list());
    }

    @Test
    void anAcceptedEvictionIsNoLongerPending() {
        Pending pa = outbox.add(a, A);

        outbox.accept(pa);

        assertFalse(Outbox.isPending(pa));
        assertEquals(0, outbox.size());
    }

    @Test
    void clearForgetsEveryEviction() {
        outbox.add(a, A);
        outbox.add(b, B);

        outbox.clear();

        assertEquals(List.of(), outbox.list());
    }
}
