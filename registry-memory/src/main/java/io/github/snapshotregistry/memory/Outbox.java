package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.Eviction;
import java.util.ArrayList;
import java.util.List;

/**
 * The evictions the listener has not yet accepted, oldest first, linked through themselves and
 * reached from their id's {@link IdState}, so that adding, accepting and cancelling one touch no
 * hash table. An id has at most one pending eviction: it is pending only while no key maps it.
 *
 * <p>An eviction is claimed while one thread offers it to the listener, so that no other thread
 * offers it at the same time; a claimed eviction is still pending until it is accepted. Each
 * {@link Pending} is its own identity: accepting one whose id was cancelled and evicted again
 * leaves the newer eviction pending.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class Outbox {

    /** The list's sentinel: its {@code next} is the oldest pending eviction, its {@code prev} the newest. */
    private final Pending order = new Pending(null, null);
    private int size;

    Outbox() {
        order.prev = order;
        order.next = order;
    }

    /**
     * Records the eviction of an id that no key maps any more, claimed by the operation that made it.
     *
     * @return the pending eviction, for that operation to offer
     */
    Pending add(IdState state, Eviction eviction) {
        Pending added = new Pending(state, eviction);
        state.pending = added;
        added.prev = order.prev;
        added.next = order;
        order.prev.next = added;
        order.prev = added;
        size++;
        return added;
    }

    /** Cancels the pending eviction of an id that a key maps again, if there is one. */
    void cancel(IdState state) {
        if (state.pending != null) {
            remove(state.pending);
        }
    }

    /** Tells whether an eviction is still pending: neither accepted nor cancelled. */
    static boolean isPending(Pending eviction) {
        return eviction.state.pending == eviction;
    }

    /** The pending evictions no thread is offering now, oldest first. */
    List<Pending> unclaimed() {
        List<Pending> unclaimed = new ArrayList<>();
        for (Pending each = order.next; each != order; each = each.next) {
            if (!each.claimed) {
                unclaimed.add(each);
            }
        }
        return unclaimed;
    }

    /**
     * Claims an eviction for the calling thread to offer.
     *
     * @return false if it is no longer pending or another thread has claimed it
     */
    static boolean claim(Pending eviction) {
        if (eviction.claimed || !isPending(eviction)) {
            return false;
        }
        eviction.claimed = true;
        return true;
    }

    /** Ends a claim without acceptance: the eviction stays pending for a later offer. */
    static void release(Pending eviction) {
        eviction.claimed = false;
    }

    /** Removes an eviction the listener accepted, unless it was cancelled meanwhile. */
    void accept(Pending eviction) {
        if (isPending(eviction)) {
            remove(eviction);
        }
    }

    int size() {
        return size;
    }

    /** The pending evictions, oldest first. */
    List<Eviction> list() {
        List<Eviction> list = new ArrayList<>(size);
        for (Pending each = order.next; each != order; each = each.next) {
            list.add(each.eviction);
        }
        return list;
    }

    /** Forgets every pending eviction. */
    void clear() {
        for (Pending each = order.next; each != order; each = each.next) {
            each.state.pending = null;
        }
        order.prev = order;
        order.next = order;
        size = 0;
    }

    private void remove(Pending eviction) {
        eviction.prev.next = eviction.next;
        eviction.next.prev = eviction.prev;
        eviction.prev = null;
        eviction.next = null;
        eviction.state.pending = null;
        size--;
    }

    /** One pending eviction; identity matters, so not a record. */
    static final class Pending {

        final IdState state;
        final Eviction eviction;
        /** The next eviction made by the same operation, which offers them in this order; or null. */
        Pending nextMade;
        private boolean claimed = true;
        private Pending prev;
        private Pending next;

        private Pending(IdState state, Eviction eviction) {
            this.state = state;
            this.eviction = eviction;
        }
    }
}
