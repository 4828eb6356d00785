package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import io.github.snapshotregistry.SnapshotId;
import java.lang.System.Logger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivery (rule 6): offers outbox rows to the listener after their write committed, with no lock
 * of the registry held and no transaction open. Within this instance a row is offered by one thread
 * at a time: a thread claims it first, in memory (other instances on the storage may offer it too,
 * which makes delivery at least once; a dialect with claims in storage narrows that, see {@link
 * DeliveryStatements#claim}). A row the listener accepted stays claimed, so never offered again by
 * this instance, until the adapter's next write acknowledges it ({@link #acknowledge}); a crash
 * before then leaves it in the outbox, to be delivered again.
 *
 * <p>Right before the listener is called, the row is re-checked in storage: a row that a put
 * cancelled meanwhile (its id mapped again, by this instance or another), or that another instance
 * delivered and acknowledged, is not offered. From that re-check until the listener returns, the id
 * is in this thread's hands: a put of the id by another thread of this instance waits ({@link
 * #awaitOffersOf}) and, inside its write, checks again ({@link #isOfferedElsewhere}).
 *
 * <p>Internal: not API, may change in any release.
 */
public final class Delivery {

    private static final int BATCH = 64;

    private final DeliveryStatements storage;
    private final EvictionListener listener;
    private final ListenerRefusals refusals;
    private final Set<PendingRow> claimed = ConcurrentHashMap.newKeySet();
    private final Set<PendingRow> accepted = ConcurrentHashMap.newKeySet();
    private final ReentrantLock offers = new ReentrantLock();
    private final Condition offerReturned = offers.newCondition();
    /** The ids in a listener's hands, each with the threads offering it; guarded by {@link #offers}. */
    private final Map<SnapshotId, List<Thread>> offering = new HashMap<>();
    /** The accepted rows that the write under way acknowledges; used only by the write's thread. */
    private List<PendingRow> acknowledging = List.of();

    /**
     * Delivers to one listener.
     *
     * @param storage the adapter's statements for delivery
     * @param listener the registry's eviction listener
     * @param logger where the listener's refusals are reported (once per eviction)
     */
    public Delivery(DeliveryStatements storage, EvictionListener listener, Logger logger) {
        this.storage = storage;
        this.listener = listener;
        this.refusals = new ListenerRefusals(logger);
    }

    /**
     * Acknowledges the accepted rows in a write just begun; {@link #committed} then releases them.
     * Call it first in every write transaction, which must be serialized within this instance.
     *
     * @param steps the write's steps
     */
    public void acknowledge(WriteSteps steps) {
        acknowledging = List.copyOf(accepted);
        steps.acknowledge(acknowledging);
    }

    /**
     * Releases the rows that the committed write acknowledged, and claims its removals for the
     * calling thread; call it after the commit, before another write of this instance begins.
     *
     * @param removals the committed outcome's removals
     */
    public void committed(List<PendingRow> removals) {
        acknowledging.forEach(accepted::remove);
        acknowledging.forEach(claimed::remove);
        acknowledging = List.of();
        claimed.addAll(removals);
    }

    /**
     * Offers claimed rows in order, each if the outbox still holds it; releases the claim of each row
     * not offered or rejected by the listener, and keeps the claim of each accepted one until a
     * write acknowledges it.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @param rows the rows, claimed by {@link #committed} or by this class
     * @return how many the listener accepted
     * @throws Error from the listener, or {@link io.github.snapshotregistry.RegistryException} if a
     *     row cannot be re-checked or released, after releasing the claims of this row and the later
     *     ones in memory, which stay pending
     */
    public int deliver(String operation, List<PendingRow> rows) {
        int delivered = 0;
        for (int i = 0; i < rows.size(); i++) {
            PendingRow row = rows.get(i);
            SnapshotId id = row.eviction().snapshotId();
            List<PendingRow> left = rows.subList(i, rows.size());
            hold(id);
            try {
                if (stillPending(operation, row, left) && offer(operation, row, left)) {
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
    private boolean offer(String operation, PendingRow row, List<PendingRow> left) {
        try {
            listener.onEviction(row.eviction());
            return true;
        } catch (Exception rejected) {
            refusals.refused(row.eviction(), rejected);
            unclaim(operation, List.of(row), left);
            return false;
        } catch (Error error) {
            try {
                unclaim(operation, left, left);
            } catch (RuntimeException releaseFailed) {
                error.addSuppressed(releaseFailed);
            }
            throw error;
        }
    }

    /**
     * Re-checks a claimed row, releasing its claim if the outbox no longer holds it; if the re-check
     * fails, releases the claims of the rows left and throws.
     */
    private boolean stillPending(String operation, PendingRow row, List<PendingRow> left) {
        boolean pending;
        try {
            pending = storage.recheck(operation, row);
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
     * Gives up the claims of rows that stay pending, in memory first, then in storage: a row released
     * in storage while still claimed in memory could be claimed in storage by {@link #deliverPending}
     * on another thread, skipped there as claimed, and left held until its lease ends. If releasing
     * fails in storage, gives up the claims of the rows left too (in memory) and throws.
     */
    private void unclaim(String operation, List<PendingRow> rows, List<PendingRow> left) {
        rows.forEach(claimed::remove);
        try {
            for (PendingRow row : rows) {
                storage.release(operation, row);
            }
        } catch (RuntimeException e) {
            left.forEach(claimed::remove);
            throw e;
        }
    }

    /**
     * Waits, uninterruptibly, until no other thread of this instance has {@code id} in its
     * listener's hands; the calling thread's own offers do not count.
     *
     * @param id the id about to be mapped
     */
    public void awaitOffersOf(SnapshotId id) {
        offers.lock();
        try {
            while (offeredElsewhere(id)) {
                offerReturned.awaitUninterruptibly();
            }
        } finally {
            offers.unlock();
        }
    }

    /**
     * Tells whether another thread of this instance has {@code id} in its listener's hands.
     *
     * @param id the id about to be mapped
     * @return true if the put must not commit now, but wait ({@link #awaitOffersOf}) and retry
     */
    public boolean isOfferedElsewhere(SnapshotId id) {
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

    /**
     * Tells whether the listener accepted rows that no write has acknowledged yet.
     *
     * @return true if the next write has rows to acknowledge
     */
    public boolean hasAccepted() {
        return !accepted.isEmpty();
    }

    /**
     * The rows the listener accepted that no write has acknowledged yet: still in the outbox, but
     * delivered as far as this instance is concerned.
     *
     * @return a copy
     */
    public List<PendingRow> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * Tells whether the listener accepted a row that no write has acknowledged yet.
     *
     * @param row an outbox row
     * @return true if this instance counts it delivered
     */
    public boolean isAccepted(PendingRow row) {
        return accepted.contains(row);
    }

    /**
     * Claims and offers every pending row that no other thread of this instance is offering or has
     * accepted, oldest first.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     */
    public int deliverPending(String operation) {
        int delivered = 0;
        long after = 0;
        while (true) {
            List<PendingRow> batch = storage.claim(operation, after, BATCH);
            if (batch.isEmpty()) {
                return delivered;
            }
            after = batch.get(batch.size() - 1).seq();
            // Another thread of this instance may have delivered and acknowledged a row since it
            // was read, releasing its claim only after that: deliver re-checks each row.
            delivered += deliver(operation, batch.stream().filter(claimed::add).toList());
        }
    }
}
