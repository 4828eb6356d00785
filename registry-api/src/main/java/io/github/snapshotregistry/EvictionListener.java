package io.github.snapshotregistry;

/**
 * Learns of every snapshot that has left the registry and that no key maps any more, so that its
 * owner can delete it.
 *
 * <p>A registry calls it on the thread of the operation that removed the entry, after the removal
 * is committed and with no registry lock held, so it may call the registry. It is told at least
 * once of every such snapshot: a call that throws an {@link Exception} leaves the eviction pending,
 * to be retried by {@link SnapshotRegistry#deliverPendingEvictions()} (and, for durable registries,
 * when the storage is opened again). It may therefore be told of one snapshot more than once, and
 * should delete idempotently.
 */
@FunctionalInterface
public interface EvictionListener {

    /**
     * Accepts every eviction and does nothing with it: the configuration's default, for registries
     * whose snapshots need no deleting. An adapter may skip recording evictions for it.
     */
    EvictionListener IGNORE = eviction -> {};

    /**
     * Handles one eviction, typically by deleting its snapshot.
     *
     * @param eviction the snapshot that left the registry
     * @throws Exception if the eviction was not handled; it stays pending
     */
    void onEviction(Eviction eviction) throws Exception;
}
