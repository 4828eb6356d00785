package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Delivery's claims, re-checks and releases, over an outbox kept in a map: the storage-agnostic
 * rules (the adapters' suites run the same delivery over SQLite and PostgreSQL).
 */
class DeliveryTest {

    private final TreeMap<Long, PendingRow> outbox = new TreeMap<>();
    private final List<Long> released = new ArrayList<>();
    /** Runs when a row is released in storage, as another thread's delivery might at that moment. */
    private Runnable onRelease = () -> { };
    private final List<String> offered = new ArrayList<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Set<String> fatal = ConcurrentHashMap.newKeySet();

    /** What a listener throws that is not an {@link Exception}. */
    private static final class ListenerError extends Error {
        ListenerError() {
            super("listener");
        }
    }

    private final DeliveryStatements storage = new DeliveryStatements() {
        @Override
        public List<PendingRow> claim(String operation, long after, int limit) {
            return outbox.tailMap(after, false).values().stream().limit(limit).toList();
        }

        @Override
        public boolean recheck(String operation, PendingRow row) {
            return outbox.containsKey(row.seq());
        }

        @Override
        public void release(String operation, PendingRow row) {
            released.add(row.seq());
            onRelease.run();
        }
    };

    private final Delivery delivery = new Delivery(storage, eviction -> {
        offered.add(eviction.key());
        if (rejected.contains(eviction.key())) {
            throw new IllegalStateException("not now");
        }
        if (fatal.contains(eviction.key())) {
            throw new ListenerError();
        }
    }, System.getLogger(DeliveryTest.class.getName()));

    private PendingRow pending(long seq, String key) {
        PendingRow row = new PendingRow(seq, new Eviction(key, SnapshotId.of("id-" + key), 1, RemovalCause.CAPACITY));
        outbox.put(seq, row);
        return row;
    }

    @Test
    void aRejectedRowIsReleasedInStorageAndOfferedAgainWhileAnAcceptedOneIsNot() {
        PendingRow accepted = pending(1, "a");
        PendingRow refused = pending(2, "b");
        rejected.add("b");
        delivery.committed(List.of(accepted, refused));

        assertEquals(1, delivery.deliver("put", List.of(accepted, refused)));
        assertEquals(List.of(2L), released);

        rejected.clear();
        assertEquals(1, delivery.deliverPending("deliverPendingEvictions"));
        assertEquals(List.of("a", "b", "b"), offered);
        assertEquals(List.of(accepted, refused), delivery.accepted().stream()
                .sorted(Comparator.comparingLong(PendingRow::seq)).toList());
    }

    @Test
    void aRowThatTheRecheckFindsGoneIsNotOffered() {
        PendingRow cancelled = pending(1, "a");
        delivery.committed(List.of(cancelled));
        outbox.remove(1L);

        assertEquals(0, delivery.deliver("put", List.of(cancelled)));
        assertEquals(List.of(), offered);
        assertEquals(List.of(), released);
    }

    @Test
    void anErrorFromTheListenerReleasesItsRowAndTheLaterOnesAndPropagates() {
        List<PendingRow> rows = List.of(pending(1, "a"), pending(2, "b"), pending(3, "c"));
        fatal.add("b");
        delivery.committed(rows);

        assertThrows(ListenerError.class, () -> delivery.deliver("put", rows));

        assertEquals(List.of("a", "b"), offered);
        assertEquals(List.of(2L, 3L), released);
        fatal.clear();
        assertEquals(2, delivery.deliverPending("deliverPendingEvictions"), "the released rows are offered again");
        assertEquals(List.of("a", "b", "b", "c"), offered);
    }

    @Test
    void aRowReleasedInStorageIsNoLongerClaimedInMemorySoADeliveryThatClaimsItThenOffersIt() {
        PendingRow refused = pending(1, "a");
        rejected.add("a");
        onRelease = () -> {
            rejected.clear();
            onRelease = () -> { };
            delivery.deliverPending("deliverPendingEvictions");
        };
        delivery.committed(List.of(refused));

        delivery.deliver("put", List.of(refused));

        assertEquals(List.of("a", "a"), offered, "with leases, the delivery that claimed it is the only one that may offer it");
        assertEquals(List.of(refused), delivery.accepted());
    }
}
