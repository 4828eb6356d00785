package io.github.snapshotregistry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
 * Within one instance, a {@code put} or {@code computeIfAbsent} that stores an id waits until an
 * offer of that id already in a listener's hands on another thread has returned, so that the
 * listener's "delete" and the "map again" never interleave (on the delivering thread itself, inside
 * the listener, it does not wait; a listener must not wait for another thread that maps the id it is
 * being offered). Across instances, each offer re-checks the storage right before the listener is
 * called; a listener in another process may still be deleting an id that this one maps again, so a
 * caller that reuses ids (content addressing) makes its delete conditional or never reuses an id
 * after its delivery.
 *
 * <p><b>Reconciliation.</b> {@link #reconcile} compares the registry with what the snapshot store
 * holds: the orphans (stored, unmapped, not pending, older than a grace period) for the caller to
 * delete, and the missing entries for {@link #invalidate(String, SnapshotId)} to drop.
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
     * @throws IllegalStateException naming the key, if {@code creator} calls {@code
     *     computeIfAbsent} for the key it is creating, on this registry (it would wait for itself)
     */
    SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator);

    /**
     * Removes a key's entry; its snapshot is delivered with {@link RemovalCause#EXPLICIT}.
     *
     * @param key the key
     * @return the removed snapshot id, or empty (notifying nobody) if the key was absent or expired
     */
    Optional<SnapshotId> invalidate(String key);

    /**
     * Removes a key's entry only if it maps {@code id} now; its snapshot is delivered with {@link
     * RemovalCause#EXPLICIT} like any removal, and expired entries are removed first, as every
     * write does. This is how a caller drops the {@linkplain Reconciliation#missing() missing
     * entries} of a reconciliation without removing a key that was mapped to another snapshot
     * meanwhile.
     *
     * <p>The default removes the expired entries ({@link #cleanUp()}), peeks at the key, then
     * invalidates it if it maps {@code id}: it is not atomic (a {@code put} to the key between the
     * peek and the invalidate is removed in its place). The built-in adapters override it with one
     * atomic step.
     *
     * @param key the key
     * @param id the snapshot the key must map for its entry to be removed
     * @return true if the entry was removed; false (notifying nobody) if the key was absent,
     *     expired or mapped another snapshot
     */
    default boolean invalidate(String key, SnapshotId id) {
        requireOpen();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        cleanUp();
        return peek(key).filter(id::equals).isPresent() && invalidate(key).isPresent();
    }

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
     * Streams the entries in a recency order, without changing recency, with memory independent of
     * the registry's size; the caller closes the stream (try-with-resources), which releases what
     * it holds. The stream is weakly consistent: it sees every entry that is present for the whole
     * iteration, and an entry accessed during it may be seen again at its new place. Like {@link
     * #entries()}, it may include expired entries that no operation has removed yet.
     *
     * <p>The default streams a copy of {@link #entries()} (reversed for {@link
     * RecencyOrder#MOST_RECENT_FIRST}), so its memory is the registry's size; adapters whose entries
     * do not all fit in memory override it.
     *
     * @param order which end of the recency order comes first
     * @return the entries in that order
     */
    default Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        List<RegistryEntry> entries = entries();
        Objects.requireNonNull(order, "order must not be null");
        if (order == RecencyOrder.LEAST_RECENT_FIRST) {
            return entries.stream();
        }
        int last = entries.size() - 1;
        return IntStream.rangeClosed(0, last).mapToObj(i -> entries.get(last - i));
    }

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

    /**
     * Compares the registry with what the snapshot store holds, without changing either (rule 11).
     *
     * <p><b>Orphans</b> are the stored ids that no entry maps, that no pending eviction names, and
     * whose {@code lastModified} is at least {@code gracePeriod} before the now of the registry's
     * {@link #clock()}: a snapshot exactly {@code gracePeriod} old is an orphan, a younger one
     * never is (its creator may still be running, in this process or another, and not have mapped
     * it yet). Nothing would ever tell the caller to delete an orphan. They are not offered to the
     * listener: they never had an entry, so they have no key, weight or cause, and deleting them is
     * the caller's decision. <b>Missing</b> are the entries whose id the store does not list,
     * least recently used first.
     *
     * <p>It reads {@code store} once, in its order (the caller closes it), and holds the registry's
     * entries and the answer in memory, never a copy of the store, so it works for millions of
     * stored ids. It changes nothing and notifies nobody: not the entries, their recency, the
     * statistics nor the pending evictions. The answer describes one moment: the default reads the
     * clock, the pending evictions, the entries and the pending evictions again, then the store. An
     * orphan mapped again after that is no orphan any more, so a caller that reuses ids (content
     * addressing) deletes an orphan only under a lock of its own in the snapshot store, after
     * checking again that no key maps it.
     *
     * <p>The default is built on {@link #streamEntries}, {@link #pendingEvictions()} and {@link
     * #listPendingEvictions()}; adapters may override it for speed.
     *
     * @param store what the snapshot store holds, each id once
     * @param gracePeriod how old an unmapped snapshot must be to be an orphan; zero for any age
     * @return the orphans, in the store's order, and the missing entries
     * @throws NullPointerException if {@code store} or {@code gracePeriod} is null, or {@code store}
     *     holds null
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     * @throws UnsupportedOperationException if evictions are pending and this adapter cannot list
     *     them
     */
    default Reconciliation reconcile(Stream<StoredSnapshot> store, Duration gracePeriod) {
        requireOpen();
        Objects.requireNonNull(store, "store must not be null");
        RegistryArguments.checkGracePeriod(gracePeriod);
        Instant now = clock().instant();
        Set<SnapshotId> keep = new HashSet<>();
        addPendingIds(keep);
        List<RegistryEntry> entries = new ArrayList<>();
        Set<SnapshotId> mapped = new HashSet<>();
        try (Stream<RegistryEntry> stream = streamEntries(RecencyOrder.LEAST_RECENT_FIRST)) {
            stream.forEachOrdered(entry -> {
                entries.add(entry);
                mapped.add(entry.snapshotId());
            });
        }
        addPendingIds(keep);
        boolean anyOldEnough = gracePeriod.compareTo(Duration.between(Instant.MIN, now)) <= 0;
        Instant youngest = anyOldEnough ? now.minus(gracePeriod) : Instant.MIN;
        Set<SnapshotId> stored = new HashSet<>();
        Set<SnapshotId> orphans = new LinkedHashSet<>();
        for (Iterator<StoredSnapshot> it = store.iterator(); it.hasNext(); ) {
            StoredSnapshot snapshot = Objects.requireNonNull(it.next(), "store must not hold null");
            SnapshotId id = snapshot.id();
            if (mapped.contains(id)) {
                stored.add(id);
            } else if (anyOldEnough && !keep.contains(id) && !snapshot.lastModified().isAfter(youngest)) {
                orphans.add(id);
            }
        }
        return new Reconciliation(
                List.copyOf(orphans),
                entries.stream().filter(entry -> !stored.contains(entry.snapshotId())).toList());
    }

    /**
     * The schema this registry's storage has, for adapters whose storage is versioned.
     *
     * @return the schema found, or empty if this adapter's storage has no versions (the default)
     */
    default Optional<StorageSchema> storageSchema() {
        requireOpen();
        return Optional.empty();
    }

    /**
     * The clock this registry reads: its configuration's {@link RegistryConfig#clock()}. {@link
     * #reconcile} measures the grace period with it. Works after {@link #close()} too.
     *
     * <p>The default is {@link InstantSource#system()}: an adapter that takes a {@link
     * RegistryConfig} overrides it to return the configuration's clock.
     *
     * @return the clock
     */
    default InstantSource clock() {
        return InstantSource.system();
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

    /** Throws {@link IllegalStateException} if the registry is closed: {@link #size()} does. */
    private void requireOpen() {
        size();
    }

    /** Adds the ids of the pending evictions, listed only when there are any. */
    private void addPendingIds(Set<SnapshotId> ids) {
        if (pendingEvictions() > 0) {
            listPendingEvictions().forEach(eviction -> ids.add(eviction.snapshotId()));
        }
    }
}
