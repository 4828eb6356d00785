package io.github.snapshotregistry;

import java.util.List;

/**
 * What {@link SnapshotRegistry#reconcile} found when it compared the registry with the snapshot
 * store. What to do about it is the caller's: delete the orphans from the store, and drop the
 * missing entries with {@link SnapshotRegistry#invalidate(String, SnapshotId)}.
 *
 * @param orphans ids the store holds that no entry maps and no pending eviction names, and that
 *     are at least the grace period old: nothing will ever tell the caller to delete them
 * @param missing entries whose snapshot the store does not hold, least recently used first
 */
public record Reconciliation(List<SnapshotId> orphans, List<RegistryEntry> missing) {

    /**
     * Keeps immutable copies of the lists.
     *
     * @param orphans the orphans
     * @param missing the missing entries
     * @throws NullPointerException if a list is null or contains null
     */
    public Reconciliation {
        orphans = List.copyOf(orphans);
        missing = List.copyOf(missing);
    }
}
