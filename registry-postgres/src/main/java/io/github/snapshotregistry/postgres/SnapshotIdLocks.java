package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.SnapshotId;
import java.util.HashMap;
import java.util.Map;

/**
 * One thread at a time per snapshot id within an instance: the thread offering the id to the
 * listener, or a thread mapping it again. Reentrant, so a listener may map the id it is being
 * offered on the delivering thread; waiting ignores interrupts (restoring the flag afterwards), as
 * a failed wait would have to fail a write that has changed nothing yet.
 */
final class SnapshotIdLocks {

    private final Map<SnapshotId, Hold> holds = new HashMap<>();

    /** Waits until no other thread holds {@code id}, then holds it (once more). */
    synchronized void lock(SnapshotId id) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        Hold hold;
        while ((hold = holds.get(id)) != null && hold.owner != me) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (hold == null) {
            hold = new Hold(me);
            holds.put(id, hold);
        }
        hold.count++;
        if (interrupted) {
            me.interrupt();
        }
    }

    /** Releases one hold of {@code id} by the calling thread. */
    synchronized void unlock(SnapshotId id) {
        Hold hold = holds.get(id);
        if (--hold.count == 0) {
            holds.remove(id);
            notifyAll();
        }
    }

    private static final class Hold {
        private final Thread owner;
        private int count;

        private Hold(Thread owner) {
            this.owner = owner;
        }
    }
}
