package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.List;

/**
 * The listener the contract gives every registry: it records what it accepted, and on which thread,
 * and lets a test decide per eviction whether to accept it, throw, or first do something else.
 */
final class RecordingListener implements EvictionListener {

    /** What the listener does with an eviction before accepting it; throwing refuses it. */
    @FunctionalInterface
    interface Reaction {
        void react(Eviction eviction) throws Exception;
    }

    private static final Reaction ACCEPT = eviction -> {};

    private final List<Eviction> accepted = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Reaction reaction = ACCEPT;

    @Override
    public void onEviction(Eviction eviction) throws Exception {
        reaction.react(eviction);
        synchronized (this) {
            accepted.add(eviction);
            threads.add(Thread.currentThread());
        }
    }

    void reactWith(Reaction reaction) {
        this.reaction = reaction;
    }

    void refuseAll() {
        reactWith(eviction -> {
            throw new Exception("the listener refuses " + eviction.snapshotId().value());
        });
    }

    /** Refuses the evictions of one id in ten (by the id's hash), accepting the others. */
    void refuseOneInTen() {
        reactWith(eviction -> {
            if (Math.floorMod(eviction.snapshotId().hashCode(), 10) == 0) {
                throw new Exception("refusing one in ten");
            }
        });
    }

    void acceptAll() {
        reactWith(ACCEPT);
    }

    synchronized List<Eviction> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<SnapshotId> acceptedIds() {
        return accepted.stream().map(Eviction::snapshotId).toList();
    }

    synchronized List<Thread> threads() {
        return List.copyOf(threads);
    }
}
