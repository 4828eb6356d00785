package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.Weigher;
import io.github.snapshotregistry.memory.Entries.Node;
import io.github.snapshotregistry.memory.Outbox.Pending;
import io.github.snapshotregistry.jdbi.Expiry;
import io.github.snapshotregistry.jdbi.SingleFlight;
import io.github.snapshotregistry.jdbi.Statistics;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SnapshotRegistry} in memory, for tests and short-lived processes: a strict LRU over a
 * hash map and a linked recency list, so {@code get}, {@code put}, {@code invalidate}, {@code
 * size} and {@code totalWeight} take constant time. It starts no thread: expired entries are
 * removed by the operations that meet them and by {@link #cleanUp()}.
 *
 * <p><b>Locking.</b> One lock guards the entries and the pending evictions. Every
 * operation makes its change in one hold of the lock ({@code computeIfAbsent}: its lookup, its
 * registration as the key's creator, then its store), so each is linearizable; the clock is read
 * under the lock. The weigher, the creator of
 * {@link #computeIfAbsent} and the listener run without it, so each may call the registry, from any
 * thread.
 *
 * <p><b>Delivery.</b> The evictions an operation makes are recorded as pending under the lock and
 * claimed by the calling thread, which then offers them to the listener in the order it made them.
 * While one thread offers an eviction no other thread's {@link #deliverPendingEvictions()} offers
 * it; it still counts in {@link #pendingEvictions()} until the listener accepts it. While an
 * eviction is in a listener's hands, a {@code put} or {@code computeIfAbsent} that stores its id on
 * another thread waits until the listener returns (on the delivering thread, inside the listener, it
 * does not wait), so "delete" and "map again" never interleave; a listener must not wait for another
 * thread that maps the id it is being offered.
 *
 * <p><b>Expiry.</b> Writes and {@code cleanUp} remove expired entries from the least recently used
 * end and stop at the first live one. While the clock does not go back, recency order is also
 * last-access order, so that removes every expired entry; after the clock goes back, an expired
 * entry behind a live one stays until a read meets it or the entries before it expire.
 *
 * <p><b>Durability.</b> None: {@link #close()} drops the entries and the pending evictions without
 * telling the listener.
 *
 * <p><b>Defaults.</b> With {@link Weigher#UNIT} (the configuration's default) every entry weighs 1
 * without a call to it; with {@link EvictionListener#IGNORE} (the default), evictions are neither
 * recorded nor offered, so none is ever pending.
 */
public final class InMemorySnapshotRegistry implements SnapshotRegistry {


    private final RegistryConfig config;
    private final InstantSource clock;
    private final long maxEntries;
    private final long maxWeight;
    private final Expiry expiry;
    /** The weigher is the default one, by which every entry weighs 1. */
    private final boolean unitWeights;
    /** The listener is not the default one, which does nothing. */
    private final boolean hasListener;
    private final Object lock = new Object();
    private final Entries entries;
    private final Outbox outbox = new Outbox();
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(InMemorySnapshotRegistry.class.getName()));
    private final SingleFlight creations = new SingleFlight();
    /**
     * The first and last evictions recorded by the operation that holds the lock, chained in order
     * by {@link Pending#nextMade}; null while there are none.
     */
    private Pending madeFirst;
    private Pending madeLast;
    /** Threads waiting in {@link #awaitOffers}: only then does an offer's end notify. */
    private int waiters;
    private final Statistics statistics = new Statistics();
    private volatile boolean closed;

    /**
     * Creates an empty registry.
     *
     * @param config the bounds, weigher, expiry, listener and clock
     * @throws NullPointerException if {@code config} is null
     */
    public InMemorySnapshotRegistry(RegistryConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        this.clock = config.clock();
        this.maxEntries = config.maxEntries().orElse(Long.MAX_VALUE);
        this.maxWeight = config.maxWeight().orElse(Long.MAX_VALUE);
        this.expiry = Expiry.of(config);
        this.unitWeights = config.weigher() == Weigher.UNIT;
        this.hasListener = config.evictionListener() != EvictionListener.IGNORE;
        this.entries = new Entries(hasListener);
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        Node node;
        Pending expired;
        synchronized (lock) {
            checkOpen();
            node = access(key);
            expired = takeMade();
        }
        statistics.lookup(node != null);
        if (expired != null) {
            deliver(expired);
        }
        return node == null ? Optional.empty() : Optional.of(node.id);
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        return change(() -> Optional.ofNullable(live(key)).map(node -> node.id));
    }

    @Override
    public void put(String key, SnapshotId id) {
        checkOpen();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        write(key, id, weigh(key, id));
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        checkOpen();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        RegistryArguments.checkWeight(weight, config);
        write(key, id, weight);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The removal of an expired entry for the key is delivered before the creator runs. A
     * waiting caller waits uninterruptibly.
     *
     * @throws IllegalStateException if called for a key by that key's own creator, which would
     *     otherwise wait for itself forever
     */
    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        checkOpen();
        RegistryArguments.checkKey(key);
        Objects.requireNonNull(creator, "creator must not be null");
        return creations.computeIfAbsent(key, creator, statistics,
                k -> change(() -> Optional.ofNullable(access(k)).map(node -> node.id)), this::storeCreated);
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        return change(() -> {
            purgeExpired(clock.millis());
            Node node = entries.find(key);
            if (node == null) {
                return Optional.empty();
            }
            evict(node, RemovalCause.EXPLICIT);
            return Optional.of(node.id);
        });
    }

    /** {@inheritDoc} In one hold of the lock: atomic. */
    @Override
    public boolean invalidate(String key, SnapshotId id) {
        checkOpen();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        return change(() -> {
            purgeExpired(clock.millis());
            Node node = entries.find(key);
            if (node == null || !node.id.equals(id)) {
                return false;
            }
            evict(node, RemovalCause.EXPLICIT);
            return true;
        });
    }

    @Override
    public void invalidateAll() {
        checkOpen();
        change(() -> {
            purgeExpired(clock.millis());
            for (Node node = entries.leastRecent(); node != null; node = entries.leastRecent()) {
                evict(node, RemovalCause.EXPLICIT);
            }
            return null;
        });
    }

    @Override
    public long size() {
        return read(entries::size);
    }

    @Override
    public long totalWeight() {
        return read(entries::totalWeight);
    }

    @Override
    public List<RegistryEntry> entries() {
        return read(entries::list);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Evictions that another thread is offering at the time are skipped, so no eviction is
     * offered by two threads at once.
     */
    @Override
    public int deliverPendingEvictions() {
        checkOpen();
        List<Pending> candidates;
        synchronized (lock) {
            checkOpen();
            candidates = outbox.unclaimed();
        }
        int accepted = 0;
        for (Pending candidate : candidates) {
            boolean claimed;
            synchronized (lock) {
                claimed = Outbox.claim(candidate);
                if (claimed) {
                    candidate.state.handOver(Thread.currentThread());
                }
            }
            if (claimed) {
                boolean taken = false;
                try {
                    taken = offer(candidate);
                } finally {
                    synchronized (lock) {
                        settle(candidate, taken);
                    }
                }
                if (taken) {
                    accepted++;
                }
            }
        }
        return accepted;
    }

    @Override
    public long pendingEvictions() {
        return read(outbox::size);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Includes the evictions that a thread is offering to the listener at the time.
     */
    @Override
    public List<Eviction> listPendingEvictions() {
        return read(outbox::list);
    }

    @Override
    public void cleanUp() {
        checkOpen();
        change(() -> {
            purgeExpired(clock.millis());
            return null;
        });
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public RegistryStats stats() {
        checkOpen();
        return statistics.read();
    }

    /**
     * Closes the registry. Idempotent. Memory is not durable: the entries and the pending evictions
     * are dropped, and the listener is not told of them. A {@code computeIfAbsent} whose creator is
     * still running when the registry closes stores nothing and throws {@link
     * IllegalStateException}, as do the callers waiting for it.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            outbox.clear();
            entries.clear();
            lock.notifyAll();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registry is closed");
        }
    }

    /** Reads under the lock, after checking that the registry is open. */
    private <T> T read(Supplier<T> reader) {
        checkOpen();
        synchronized (lock) {
            checkOpen();
            return reader.get();
        }
    }

    /** Weighs an entry put without a weight: 1 with the default weigher, which need not be called. */
    private long weigh(String key, SnapshotId id) {
        return unitWeights ? 1 : RegistryArguments.weigh(config, key, id);
    }

    private void write(String key, SnapshotId id, long weight) {
        Pending removed;
        synchronized (lock) {
            checkOpen();
            store(key, id, weight, awaitOffers(id));
            removed = takeMade();
        }
        if (removed != null) {
            deliver(removed);
        }
    }

    /**
     * Runs one operation under the lock, if the registry is still open, then delivers the evictions
     * it made. The caller has checked that the registry was open and then its arguments.
     */
    private <T> T change(Supplier<T> operation) {
        T result;
        Pending removed;
        synchronized (lock) {
            checkOpen();
            result = operation.get();
            removed = takeMade();
        }
        if (removed != null) {
            deliver(removed);
        }
        return result;
    }

    /**
     * Takes the evictions recorded so far by the operation holding the lock, which it delivers once
     * it has released the lock, and hands the first over for its offer. Called with the lock held.
     *
     * @return the first eviction, the others chained to it in the order made, or null if there are none
     */
    private Pending takeMade() {
        Pending taken = madeFirst;
        madeFirst = null;
        madeLast = null;
        return taken == null ? null : handOverFrom(taken);
    }

    /**
     * Stores the id a creator made as {@code put} does, for {@link #computeIfAbsent}.
     *
     * @return what delivers the store's removals, to run once the waiting callers have the id
     */
    private Runnable storeCreated(String key, SnapshotId id) {
        long weight = weigh(key, id);
        Pending removed;
        synchronized (lock) {
            checkOpen();
            store(key, id, weight, awaitOffers(id));
            removed = takeMade();
        }
        return removed == null ? () -> { } : () -> deliver(removed);
    }

    /**
     * Reads a key as an access: a live entry becomes the most recently used; an expired one is
     * removed. The clock is read only if the key is present. Called with the lock held.
     *
     * @return the live entry, or null
     */
    private Node access(String key) {
        Node node = entries.find(key);
        if (node == null) {
            return null;
        }
        long now = clock.millis();
        if (expiry.isExpired(node.lastAccessMillis, now)) {
            evict(node, RemovalCause.EXPIRED);
            return null;
        }
        entries.touch(node, now);
        return node;
    }

    /**
     * Finds a key's entry, removing it if it has expired. Called with the lock held.
     *
     * @return the live entry, or null
     */
    private Node live(String key) {
        Node node = entries.find(key);
        if (node != null && expiry.isExpired(node.lastAccessMillis, clock.millis())) {
            evict(node, RemovalCause.EXPIRED);
            return null;
        }
        return node;
    }

    /**
     * The write of {@code put} and {@code computeIfAbsent}: an entry over the key's entry of another
     * id replaces it; over one of the same id, it only refreshes its recency and weight. Called with
     * the lock held.
     *
     * @param state the id's state from {@link #awaitOffers}, or null if ids are not tracked
     */
    private void store(String key, SnapshotId id, long weight, IdState state) {
        long now = clock.millis();
        purgeExpired(now);
        Node old = entries.add(key, id, weight, now, state);
        if (state != null) {
            outbox.cancel(state);
        }
        if (old != null && !old.id.equals(id)) {
            removed(old, RemovalCause.REPLACED);
        }
        // The entry just written is the most recently used, so it is the least recently used only
        // when it is alone, and then both bounds hold: maxEntries >= 1, and its weight <= maxWeight.
        while (entries.size() > maxEntries || entries.totalWeight() > maxWeight) {
            evict(entries.leastRecent(), RemovalCause.CAPACITY);
        }
        statistics.put();
    }

    /** Removes every expired entry (see the class comment on the clock). Called with the lock held. */
    private void purgeExpired(long now) {
        if (!expiry.enabled()) {
            return;
        }
        long cutoff = expiry.cutoff(now);
        for (Node node = entries.leastRecent(); node != null && node.lastAccessMillis <= cutoff;
                node = entries.leastRecent()) {
            evict(node, RemovalCause.EXPIRED);
        }
    }


    /** Removes an entry from the table and then as {@link #removed} says. Called with the lock held. */
    private void evict(Node node, RemovalCause cause) {
        entries.remove(node);
        removed(node, cause);
    }

    /**
     * Counts an entry no longer in the table if it was evicted, and, if someone listens and no key
     * maps its id any more, records its eviction as pending and as made by the operation holding
     * the lock. Called with the lock held.
     */
    private void removed(Node node, RemovalCause cause) {
        if (node.idUnmapped()) {
            Pending pending = outbox.add(node.state, new Eviction(node.key, node.id, node.weight, cause));
            if (madeFirst == null) {
                madeFirst = pending;
            } else {
                madeLast.nextMade = pending;
            }
            madeLast = pending;
        }
        if (cause.wasEvicted()) {
            statistics.evicted(1, node.weight);
        }
    }

    /**
     * Offers an operation's evictions to the listener in the order it made them, skipping those
     * cancelled meanwhile: one lock hold after each offer ends it and hands over the next. If the
     * listener throws an {@link Error}, it propagates and the evictions not yet offered stay
     * pending, released for {@link #deliverPendingEvictions()}.
     *
     * @param first the first eviction, handed over ({@link #handOverFrom}), the others chained to it
     */
    private void deliver(Pending first) {
        for (Pending current = first; current != null; ) {
            boolean accepted = false;
            boolean returned = false;
            try {
                accepted = offer(current);
                returned = true;
            } finally {
                synchronized (lock) {
                    settle(current, accepted);
                    if (returned) {
                        current = handOverFrom(current.nextMade);
                    } else {
                        for (Pending later = current.nextMade; later != null; later = later.nextMade) {
                            Outbox.release(later);
                        }
                    }
                }
            }
        }
    }

    /**
     * Finds the first eviction still pending in a chain of an operation's evictions and records
     * that the calling thread is about to offer it: until the offer ends ({@link #settle}), a
     * {@code put} of its id by another thread waits ({@link #awaitOffers}). Called with the lock held.
     *
     * @return that eviction, or null if none of the chain is pending
     */
    private static Pending handOverFrom(Pending chain) {
        Pending first = chain;
        while (first != null && !Outbox.isPending(first)) {
            first = first.nextMade;
        }
        if (first != null) {
            first.state.handOver(Thread.currentThread());
        }
        return first;
    }

    /**
     * Ends the offer of an eviction that {@link #handOverFrom} or a claim began: accepted, it leaves
     * the outbox; refused, it stays pending. Wakes the writers waiting for the offer. Called with
     * the lock held.
     */
    private void settle(Pending eviction, boolean accepted) {
        if (accepted) {
            outbox.accept(eviction);
        } else {
            Outbox.release(eviction);
        }
        eviction.state.takeBack(Thread.currentThread());
        if (!closed) {
            entries.retire(eviction.state);
        }
        if (waiters > 0) {
            lock.notifyAll();
        }
    }

    /**
     * Waits, uninterruptibly, until no other thread has an eviction of {@code id} in a listener's
     * hands, so that the listener's "delete" and this write's "map again" never interleave. The
     * delivering thread itself never waits for its own offer. Called with the lock held, which the
     * wait releases; the registry is open again when it returns.
     *
     * @return the id's state, for the write to store, or null if ids are not tracked
     */
    private IdState awaitOffers(SnapshotId id) {
        IdState state = entries.state(id);
        if (state == null || !state.offeredByOtherThan(Thread.currentThread())) {
            return state;
        }
        boolean interrupted = false;
        try {
            do {
                waiters++;
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    waiters--;
                }
                checkOpen();
                state = entries.state(id);
            } while (state.offeredByOtherThan(Thread.currentThread()));
            return state;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Offers one eviction, handed over or claimed, to the listener.
     *
     * @return true if the listener accepted it, false if it threw an {@link Exception}, which is
     *     logged; an {@link Error} propagates
     */
    private boolean offer(Pending eviction) {
        try {
            config.evictionListener().onEviction(eviction.eviction);
            return true;
        } catch (InterruptedException refused) {
            Thread.currentThread().interrupt();
            refusals.refused(eviction.eviction, refused);
        } catch (Exception refused) {
            refusals.refused(eviction.eviction, refused);
        }
        return false;
    }
}
