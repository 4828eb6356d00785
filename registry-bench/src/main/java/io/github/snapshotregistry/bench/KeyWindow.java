package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.SnapshotId;
import java.util.SplittableRandom;

/**
 * The keys a JMH benchmark's map holds: a window of consecutive keys {@code key-i} (with ids
 * {@code snap-i}) over a ring of {@code 2 * size} made in advance, the oldest first, and absent keys
 * to miss with. Putting the next key and dropping the oldest slides the window along the ring.
 */
final class KeyWindow {

    private final int size;
    private final String[] keys;
    private final SnapshotId[] ids;
    private final String[] absentKeys = new String[1024];
    private final SplittableRandom random = new SplittableRandom(42);
    private long oldest;
    private long next;

    /** Makes the keys of a window of {@code size} keys, empty so far. */
    KeyWindow(int size) {
        this.size = size;
        keys = new String[2 * size];
        ids = new SnapshotId[2 * size];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
            ids[i] = SnapshotId.of("snap-" + i);
        }
        for (int i = 0; i < absentKeys.length; i++) {
            absentKeys[i] = "absent-" + i;
        }
    }

    /** Records that the window is full already, as a map copied from a filled template is. */
    void markFull() {
        next = size;
    }

    /** The slot of the next key, which joins the window as its newest. */
    int takeNewest() {
        return (int) (next++ % keys.length);
    }

    /** The oldest key, which leaves the window. */
    String takeOldest() {
        return keys[(int) (oldest++ % keys.length)];
    }

    /** Records that the oldest key has left the window (evicted by the map). */
    void dropOldest() {
        oldest++;
    }

    String key(int slot) {
        return keys[slot];
    }

    SnapshotId id(int slot) {
        return ids[slot];
    }

    /** A key of the window, chosen at random. */
    String presentKey() {
        return keys[(int) ((oldest + random.nextInt(size)) % keys.length)];
    }

    /** A key never in the window, chosen at random. */
    String absentKey() {
        return absentKeys[random.nextInt(absentKeys.length)];
    }
}
