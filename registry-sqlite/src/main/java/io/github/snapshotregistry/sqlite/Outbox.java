package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.WriteSteps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Offers removals to the listener after their transaction committed, with no lock held and no
 * transaction open. Within this instance a row is offered by one thread at a time: a thread claims
 * it first (in memory; other processes on the file may offer it too, which makes delivery at least
 * once). A row the listener accepted stays claimed, so never offered again by this instance, until
 * a write transaction of this instance deletes it, right after taking the write lock. A crash
 * before then leaves it in the file, to be delivered again.
 *
 * <p>Right before the listener is called, the row is read again from the file: a row that a put
 * cancelled meanwhile (its id mapped again, by this registry or another on the file), or that
 * another registry delivered and deleted, is not offered. From that read until the listener
 * returns, the id is in this thread's hands: a put of the id by another thread of this instance
 * waits ({@link #awaitOffersOf}).
 */
final class Outbox {

    private static final int BATCH = 64;

    private final Database database;
    private final EvictionListener listener;
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(SqliteSnapshotRegistry.class.getName()));
    private final Set<PendingRow> claimed = ConcurrentHashMap.newKeySet();
    private final Set<PendingRow> accepted = ConcurrentHashMap.newKeySet();
    private final ReentrantLock offers = new ReentrantLock();
    private final Condition offerReturned = offers.newCondition();
    /** The ids in a listener's hands, each with the threads offering it; guarded by {@link #offers}. */
    private final Map<SnapshotId, List<Thread>> offering = new HashMap<>();
    /** The accepted rows that the open write transaction deleted; used only while holding the connection. */
    private List<PendingRow> deleting = List.of();

    Outbox(Database database, EvictionListener listener) {
        this.database = database;
        this.listener = listener;
    }

    /** Acknowledges the accepted rows in the write just begun; {@link #committed} releases them. */
    void acknowledge(WriteSteps steps) {
        deleting = List.copyOf(accepted);
        steps.acknowledge(deleting);
    }

    /**
     * Releases the rows that the committed transaction deleted and claims its removals; called
     * while its commit still holds the connection.
     */
    void committed(List<PendingRow> removals) {
        deleting.forEach(accepted::remove);
        deleting.forEach(claimed::remove);
        deleting = List.of();
        claimed.addAll(removals);
    }

    /**
     * Offers claimed rows in order, each if the file still holds it; releases the claim of each row
     * not offered or rejected by the listener, and keeps the claim of each accepted one until a
     * write deletes it.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     * @throws Error from the listener, or {@link io.github.snapshotregistry.RegistryException} if a
     *     row cannot be read again, after releasing the claims of this row and the later ones, which
     *     stay pending
     */
    int deliver(String operation, List<PendingRow> rows) {
        int delivered = 0;
        for (int i = 0; i < rows.size(); i++) {
            PendingRow row = rows.get(i);
            SnapshotId id = row.eviction().snapshotId();
            List<PendingRow> left = rows.subList(i, rows.size());
            hold(id);
            try {
                if (stillPending(operation, row, left) && offer(row, left)) {
                    accepted.add(row);
                    delivered++;
                }
            } finally {
                release(id);
            }
        }
        return delivered;
    }

    /** Offers a row to the listener; tells whether it accepted it, releasing the claim if not. */
    private boolean offer(PendingRow row, List<PendingRow> left) {
        try {
            listener.onEviction(row.eviction());
            return true;
        } catch (Exception rejected) {
            refusals.refused(row.eviction(), rejected);
            claimed.remove(row);
            return false;
        } catch (Error error) {
            left.forEach(claimed::remove);
            throw error;
        }
    }

    /**
     * Reads a claimed row again, releasing its claim if the file no longer holds it; if reading
     * fails, releases the claims of the rows left and throws.
     */
    private boolean stillPending(String operation, PendingRow row, List<PendingRow> left) {
        boolean pending;
        try {
            pending = database.statement(operation + " (reading a pending eviction again before offering it)",
                    () -> database.outbox().exists(row.seq(), row.eviction().snapshotId().value()));
        } catch (RuntimeException | Error e) {
            left.forEach(claimed::remove);
            throw e;
        }
        if (!pending) {
            claimed.remove(row);
        }
        return pending;
    }

    /**
     * Waits, uninterruptibly, until no other thread of this instance has {@code id} in its
     * listener's hands; the calling thread's own offers do not count.
     */
    void awaitOffersOf(SnapshotId id) {
        offers.lock();
        try {
            while (offeredElsewhere(id)) {
                offerReturned.awaitUninterruptibly();
            }
        } finally {
            offers.unlock();
        }
    }

    /** Tells whether another thread of this instance has {@code id} in its listener's hands. */
    boolean isOfferedElsewhere(SnapshotId id) {
        offers.lock();
        try {
            return offeredElsewhere(id);
        } finally {
            offers.unlock();
        }
    }

    private boolean offeredElsewhere(SnapshotId id) {
        return offering.getOrDefault(id, List.of()).stream().anyMatch(thread -> thread != Thread.currentThread());
    }

    private void hold(SnapshotId id) {
        offers.lock();
        try {
            offering.computeIfAbsent(id, held -> new ArrayList<>()).add(Thread.currentThread());
        } finally {
            offers.unlock();
        }
    }

    private void release(SnapshotId id) {
        offers.lock();
        try {
            List<Thread> threads = offering.get(id);
            threads.remove(Thread.currentThread());
            if (threads.isEmpty()) {
                offering.remove(id);
            }
            offerReturned.signalAll();
        } finally {
            offers.unlock();
        }
    }

    /** Tells whether the listener accepted rows that no write has deleted yet. */
    boolean hasAccepted() {
        return !accepted.isEmpty();
    }

    /** How many of the rows this instance accepted but has not deleted yet the file still holds. */
    long acceptedInFile() {
        return List.copyOf(accepted).stream()
                .filter(row -> database.outbox().exists(row.seq(), row.eviction().snapshotId().value()))
                .count();
    }

    /** The sequence numbers of the rows this instance accepted and has not deleted yet. */
    List<Long> acceptedSeqs() {
        return accepted.stream().map(PendingRow::seq).toList();
    }

    /** Tells whether this instance accepted a row and has not deleted it yet. */
    boolean isAccepted(PendingRow row) {
        return accepted.contains(row);
    }

    /**
     * Offers every pending row that no other thread of this instance is offering or has accepted,
     * oldest first.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     */
    int deliverPending(String operation) {
        int delivered = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<PendingRow> batch = database.statement(operation + " (reading pending evictions)",
                    () -> database.outbox().after(from, BATCH));
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).seq();
            // Another thread of this instance may have delivered and deleted a row since it was
            // read, releasing its claim only after the delete: deliver reads each row again.
            delivered += deliver(operation, batch.stream().filter(claimed::add).toList());
        }
        return delivered;
    }
}
