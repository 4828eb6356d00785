package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The evictions the listener has not yet accepted, oldest first, keyed by snapshot id so that
 * storing an id again cancels its eviction in constant time. An id has at most one pending eviction:
 * it is pending only while no key maps it.
 *
 * <p>An eviction is claimed while one thread offers it to the listener, so that no other thread
 * offers it at the same time; a claimed eviction is still pending until it is accepted. Each
 * {@link Pending} is its own identity: accepting one whose id was cancelled and evicted again
 * leaves the newer eviction pending.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class Outbox {

    private final LinkedHashMap<SnapshotId, Pending> pending = new LinkedHashMap<>();

    /**
     * Records an eviction of an id that no key maps any more, claimed by the operation that made it.
     *
     * @return the pending eviction, for that operation to offer
     */
    Pending add(Eviction eviction) {
        Pending added = new Pending(eviction);
        pending.put(eviction.snapshotId(), added);
        return added;
    }

    /** Cancels the pending eviction of an id that a key maps again, if there is one. */
    void cancel(SnapshotId id) {
        if (!pending.isEmpty()) { // usually empty: then the id need not be hashed
            pending.remove(id);
        }
    }

    /** Tells whether an eviction is still pending: neither accepted nor cancelled. */
    boolean isPending(Pending eviction) {
        return pending.get(eviction.eviction.snapshotId()) == eviction;
    }

    /** The pending evictions no thread is offering now, oldest first. */
    List<Pending> unclaimed() {
        List<Pending> unclaimed = new ArrayList<>();
        for (Pending candidate : pending.values()) {
            if (!candidate.claimed) {
                unclaimed.add(candidate);
            }
        }
        return unclaimed;
    }

    /**
     * Claims an eviction for the calling thread to offer.
     *
     * @return false if it is no longer pending or another thread has claimed it
     */
    boolean claim(Pending eviction) {
        if (eviction.claimed || !isPending(eviction)) {
            return false;
        }
        eviction.claimed = true;
        return true;
    }

    /** Ends a claim without acceptance: the eviction stays pending for a later offer. */
    void release(Pending eviction) {
        eviction.claimed = false;
    }

    /** Removes an eviction the listener accepted, unless it was cancelled meanwhile. */
    void accept(Pending eviction) {
        pending.remove(eviction.eviction.snapshotId(), eviction);
    }

    int size() {
        return pending.size();
    }

    /** The pending evictions, oldest first. */
    List<Eviction> list() {
        List<Eviction> list = new ArrayList<>(pending.size());
        for (Pending each : pending.values()) {
            list.add(each.eviction);
        }
        return list;
    }

    /** Forgets every pending eviction. */
    void clear() {
        pending.clear();
    }

    /** One pending eviction; identity matters, so not a record. */
    static final class Pending {

        final Eviction eviction;
        private boolean claimed = true;

        private Pending(Eviction eviction) {
            this.eviction = eviction;
        }
    }
}
