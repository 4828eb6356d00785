package io.github.snapshotregistry;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Remembers which snapshot serves which key, keeps at most a bounded number or total weight of
 * them, and tells its {@link EvictionListener} of every snapshot that has left it.
 *
 * <p><b>Recency.</b> Accesses ({@code put}, a {@code get} hit, {@code computeIfAbsent}) are
 * strictly ordered, even within one millisecond. {@code peek}, {@code entries}, {@code size} and
 * {@code stats} do not change that order.
 *
 * <p><b>Bounds.</b> When any write returns, {@code size() <= maxEntries} and {@code totalWeight()
 * <= maxWeight}. Eviction takes the least recently used entries first, one at a time, until both
 * hold; the entry just written is never evicted to make room for itself.
 *
 * <p><b>Expiry.</b> With {@code expireAfterAccess(d)}, an entry whose last access is {@code d} or
 * more before the clock's now is expired: reads never return it and remove it with {@link
 * RemovalCause#EXPIRED}; every write and {@link #cleanUp()} first remove all expired entries.
 * {@code size}, {@code totalWeight} and {@code entries} may still count expired entries that no
 * operation has removed yet.
 *
 * <p><b>Delivery.</b> Every removed snapshot id reaches the listener as an {@link Eviction}, once no
 * key maps it any more: each operation's removals in the order it made them, on the thread that
 * called it, after the change is committed and with no registry lock held. A listener that throws
 * an {@link Exception} does not fail the operation; the eviction stays pending until {@link
 * #deliverPendingEvictions()} succeeds. An {@link Error} from the listener propagates, and the
 * operation's undelivered evictions stay pending. Putting an id again cancels its pending eviction.
 *
 * <p><b>Atomicity.</b> Every method is thread-safe and linearizable. Durable registries keep their
 * entries, recency order and pending evictions across {@code close}, reopening and crashes.
 *
 * <p><b>Errors.</b> Invalid arguments are rejected before anything changes, with a {@link
 * NullPointerException} naming the argument or an {@link IllegalArgumentException} saying what was
 * wrong (see {@link RegistryArguments}). Storage failures are {@link RegistryException}s; no read
 * answers "absent" because storage failed. After {@link #close()}, every other method throws
 * {@link IllegalStateException} before checking its arguments.
 */
public interface SnapshotRegistry extends AutoCloseable {

    /**
     * Returns the snapshot for a key; a hit makes the entry the most recently used. Counts a hit or
     * a miss. An expired entry is removed ({@link RemovalCause#EXPIRED}) and not returned.
     *
     * @param key the key
     * @return the snapshot id, or empty if the key is absent or expired
     */
    Optional<SnapshotId> get(String key);

    /**
     * Returns the snapshot for a key, like {@link #get}, but leaves recency and statistics alone.
     * An expired entry is removed ({@link RemovalCause#EXPIRED}) and not returned.
     *
     * @param key the key
     * @return the snapshot id, or empty if the key is absent or expired
     */
    Optional<SnapshotId> peek(String key);

    /**
     * Maps a key to a snapshot, weighed by the configuration's {@link Weigher} (called after the
     * argument checks; if it throws, nothing changes and its exception propagates). See {@link
     * #put(String, SnapshotId, long)}.
     *
     * @param key the key
     * @param id the snapshot
     * @throws IllegalArgumentException if the weigher's weight is negative or above {@code
     *     maxWeight}
     */
    void put(String key, SnapshotId id);

    /**
     * Maps a key to a snapshot with a weight, making it the most recently used entry, then evicts
     * least recently used entries ({@link RemovalCause#CAPACITY}) until the bounds hold. A
     * different id that the key mapped is removed with {@link RemovalCause#REPLACED}; the same id
     * only has its recency and weight refreshed. A pending eviction of {@code id} is cancelled.
     *
     * @param key the key
     * @param id the snapshot
     * @param weight the entry's weight, from zero to {@code maxWeight}
     * @throws IllegalArgumentException if the weight is negative or above {@code maxWeight}
     */
    void put(String key, SnapshotId id, long weight);

    /**
     * Returns the snapshot for a key, creating and storing it if the key is absent or expired.
     * Within one registry instance {@code creator} runs at most once per key at a time: concurrent
     * callers for the key wait and share its result or its exception. A creator that throws stores
     * nothing. If a {@code put} to the key lands while the creator runs, the created id is still
     * stored and the one it replaces is removed with {@link RemovalCause#REPLACED}.
     *
     * <p>Counts a hit, or a miss and a put for the caller whose creator stored the entry (a miss
     * only for callers that waited, and when the creator threw).
     *
     * @param key the key
     * @param creator makes the snapshot for a key; must not return null
     * @return the snapshot id now mapped by the key
     * @throws NullPointerException if {@code creator} is null or returns null
     * @throws IllegalArgumentException if the weigher's weight for the created id is negative or
     *     above {@code maxWeight}; nothing is stored
     */
    SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator);

    /**
     * Removes a key's entry; its snapshot is delivered with {@link RemovalCause#EXPLICIT}.
     *
     * @param key the key
     * @return the removed snapshot id, or empty (notifying nobody) if the key was absent or expired
     */
    Optional<SnapshotId> invalidate(String key);

    /** Removes every entry; their snapshots are delivered with {@link RemovalCause#EXPLICIT}. */
    void invalidateAll();

    /**
     * The number of entries, in constant time.
     *
     * @return the number of entries, perhaps counting expired ones not yet removed
     */
    long size();

    /**
     * The total weight of the entries, in constant time.
     *
     * @return the sum of the entries' weights, perhaps counting expired ones not yet removed
     */
    long totalWeight();

    /**
     * Lists the entries, least recently used first, without changing recency.
     *
     * @return a snapshot of the entries, perhaps including expired ones not yet removed
     */
    List<RegistryEntry> entries();

    /**
     * Lists the snapshots the registry references, each once, in the order of {@link #entries()}.
     *
     * @return the distinct snapshot ids of the entries
     */
    default List<SnapshotId> snapshotIds() {
        return entries().stream().map(RegistryEntry::snapshotId).distinct().toList();
    }

    /**
     * Offers every pending eviction to the listener again, oldest first, on the calling thread.
     *
     * @return how many the listener accepted (and are no longer pending)
     */
    int deliverPendingEvictions();

    /**
     * The number of evictions the listener has not yet accepted.
     *
     * @return the number of pending evictions
     */
    long pendingEvictions();

    /**
     * Lists the evictions the listener has not yet accepted, oldest first, without delivering them:
     * what an operator inspects when deletions fail.
     *
     * @return the pending evictions
     * @throws UnsupportedOperationException if this adapter cannot list them (the default)
     */
    default List<Eviction> listPendingEvictions() {
        throw new UnsupportedOperationException(
                getClass().getName() + " cannot list its pending evictions");
    }

    /**
     * Checks the storage for damage and inconsistency (its integrity check where the storage has
     * one, counters against the entries, pending evictions of ids that are mapped again), without
     * changing anything.
     *
     * @return one line per problem found; empty if the storage is healthy or this adapter has no
     *     checks (the default)
     */
    default List<String> checkStorage() {
        return List.of();
    }

    /** Removes every expired entry now ({@link RemovalCause#EXPIRED}) and delivers them. */
    void cleanUp();

    /**
     * What this instance has counted since it was opened (see {@link RegistryStats}).
     *
     * @return the statistics
     */
    RegistryStats stats();

    /**
     * Releases the registry's resources. Idempotent; never throws {@link RegistryException}.
     * Pending evictions of a durable registry stay in its storage for the next open.
     */
    @Override
    void close();
}
