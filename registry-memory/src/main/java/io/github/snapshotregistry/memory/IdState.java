package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.memory.Outbox.Pending;
import java.util.ArrayList;
import java.util.List;

/**
 * What a registry with a listener knows of one snapshot id, in one place that its entries reach
 * without a lookup: how many keys map it, its eviction while the listener has not accepted it, and
 * the threads offering an eviction of it to the listener now. It exists while any of the three
 * does.
 *
 * <p>Not thread-safe: {@link InMemorySnapshotRegistry} guards it with its lock.
 */
final class IdState {

    final SnapshotId id;
    /** How many keys map the id. */
    int keys;
    /** The id's eviction that the listener has not accepted, or null; always null while a key maps it. */
    Pending pending;
    /** A thread offering an eviction of the id now, or null. */
    private Thread offerer;
    /**
     * The further offers at the same time (nested in the offerer's listener, or an eviction made and
     * offered meanwhile by another thread), or null: one list per id that ever needs it.
     */
    private List<Thread> moreOfferers;

    IdState(SnapshotId id) {
        this.id = id;
    }

    /** Records that a thread is about to offer an eviction of the id. */
    void handOver(Thread thread) {
        if (offerer == null) {
            offerer = thread;
        } else {
            if (moreOfferers == null) {
                moreOfferers = new ArrayList<>(1);
            }
            moreOfferers.add(thread);
        }
    }

    /** Ends one offer that {@link #handOver} began for that thread. */
    void takeBack(Thread thread) {
        if (moreOfferers != null && !moreOfferers.isEmpty()) {
            if (!moreOfferers.remove(thread)) {
                offerer = moreOfferers.remove(moreOfferers.size() - 1);
            }
        } else {
            offerer = null;
        }
    }

    /** Whether a thread other than the given one is offering an eviction of the id. */
    boolean offeredByOtherThan(Thread thread) {
        if (offerer == null) {
            return false;
        }
        if (offerer != thread) {
            return true;
        }
        return moreOfferers != null && moreOfferers.stream().anyMatch(other -> other != thread);
    }

    /** Whether a key maps the id, or its eviction is pending or being offered. */
    boolean inUse() {
        return keys > 0 || pending != null || offerer != null;
    }
}
