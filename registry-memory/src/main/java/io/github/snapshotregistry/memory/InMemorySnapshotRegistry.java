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
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SnapshotRegistry} in memory, for tests and short-lived processes: a strict LRU over a
 * hash map and a linked recency list, so {@code get}, {@code put}, {@code invalidate}, {@code
 * size} and {@code totalWeight} take constant time. It starts no thread: expired entries are
 * removed by the operations that meet them and by {@link #cleanUp()}.
 *
 * <p><b>Locking.</b> One lock guards the entries, the pending evictions and the statistics. Every
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

    private static final long NEVER = -1;


    private final RegistryConfig config;
    private final InstantSource clock;
    private final long maxEntries;
    private final long maxWeight;
    private final long expireMillis;
    /** The weigher is the default one, by which every entry weighs 1. */
    private final boolean unitWeights;
    /** The listener is not the default one, which does nothing. */
    private final boolean hasListener;
    private final Object lock = new Object();
    private final Entries entries;
    private final Outbox outbox = new Outbox();
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(InMemorySnapshotRegistry.class.getName()));
    private final Map<String, Creation> creations = new HashMap<>();
    /**
     * The ids of the evictions in a listener's hands now, each with the threads offering it (one
     * thread twice when an offer nests in its own listener); empty while none is offered.
     */
    private final Map<SnapshotId, List<Thread>> inHands = new HashMap<>();
    /** The evictions recorded by the operation that holds the lock, in order; null while there are none. */
    private List<Pending> made;
    private long hits;
    private long misses;
    private long puts;
    private long evictionCount;
    private long evictionWeight;
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
        this.expireMillis = config.expireAfterAccess().map(InMemorySnapshotRegistry::millis).orElse(NEVER);
        this.unitWeights = config.weigher() == Weigher.UNIT;
        this.hasListener = config.evictionListener() != EvictionListener.IGNORE;
        this.entries = new Entries(hasListener);
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        Node node;
        List<Pending> expired;
        synchronized (lock) {
            checkOpen();
            node = access(key);
            if (node == null) {
                misses++;
            } else {
                hits++;
            }
            expired = takeMade();
        }
        deliver(expired);
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
        SnapshotId present = change(() -> {
            Node node = access(key);
            if (node == null) {
                return null;
            }
            hits++;
            return node.id;
        });
        if (present != null) {
            return present;
        }
        List<Pending> expired;
        Creation running;
        Creation mine = null;
        synchronized (lock) {
            checkOpen();
            Node node = access(key);
            if (node != null) {
                hits++;
                return node.id;
            }
            misses++;
            running = creations.get(key);
            if (running == null) {
                mine = new Creation(Thread.currentThread(), new CompletableFuture<>());
                creations.put(key, mine);
            }
            expired = takeMade();
        }
        if (running == null) {
            return create(key, creator, mine, expired);
        }
        deliver(expired);
        return await(key, running);
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
            remove(node, RemovalCause.EXPLICIT);
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
            remove(node, RemovalCause.EXPLICIT);
            return true;
        });
    }

    @Override
    public void invalidateAll() {
        checkOpen();
        change(() -> {
            purgeExpired(clock.millis());
            for (Node node = entries.leastRecent(); node != null; node = entries.leastRecent()) {
                remove(node, RemovalCause.EXPLICIT);
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
                claimed = outbox.claim(candidate);
                if (claimed) {
                    handOver(candidate);
                }
            }
            if (claimed && offer(candidate)) {
                accepted++;
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
        return read(() -> new RegistryStats(hits, misses, puts, evictionCount, evictionWeight));
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
            entries.clear();
            outbox.clear();
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
        List<Pending> removed;
        synchronized (lock) {
            checkOpen();
            awaitOffers(id);
            store(key, id, weight);
            removed = takeMade();
        }
        deliver(removed);
    }

    /**
     * Runs one operation under the lock, if the registry is still open, then delivers the evictions
     * it made. The caller has checked that the registry was open and then its arguments.
     */
    private <T> T change(Supplier<T> operation) {
        T result;
        List<Pending> removed;
        synchronized (lock) {
            checkOpen();
            result = operation.get();
            removed = takeMade();
        }
        deliver(removed);
        return result;
    }

    /**
     * Hands over the evictions recorded so far by the operation holding the lock, which it delivers
     * once it has released the lock. Called with the lock held.
     *
     * @return the evictions in the order made, or null if there are none
     */
    private List<Pending> takeMade() {
        List<Pending> taken = made;
        made = null;
        return taken;
    }

    /**
     * Runs the creator for a key whose creation this thread registered, stores its id and ends the
     * creation for the callers waiting on it.
     */
    private SnapshotId create(
            String key,
            Function<String, SnapshotId> creator,
            Creation creation,
            List<Pending> expired) {
        List<Pending> removed = expired;
        try {
            SnapshotId id = creator.apply(key);
            if (id == null) {
                throw new NullPointerException("creator returned null for key " + key);
            }
            long weight = weigh(key, id);
            synchronized (lock) {
                checkOpen();
                awaitOffers(id);
                made = expired; // the store's removals follow those of the lookup
                store(key, id, weight);
                creations.remove(key);
                removed = takeMade();
            }
            creation.result().complete(id);
            return id;
        } catch (Throwable failure) {
            synchronized (lock) {
                creations.remove(key, creation);
            }
            creation.result().completeExceptionally(failure);
            throw failure;
        } finally {
            deliver(removed);
        }
    }

    /**
     * Waits for another caller's creation and shares its id or the very exception it threw.
     *
     * @throws IllegalStateException if the creation is the calling thread's own: its creator called
     *     {@code computeIfAbsent} for the key it is creating, and would wait for itself forever
     */
    private static SnapshotId await(String key, Creation creation) {
        if (creation.creator() == Thread.currentThread()) {
            throw new IllegalStateException("the creator for key " + key + " called computeIfAbsent for that key");
        }
        Throwable failure = creation.result().handle((id, thrown) -> thrown).join();
        if (failure == null) {
            return creation.result().join();
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        // Only a creator that sneaks a checked exception past Function.apply gets here.
        throw new CompletionException(failure);
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
        if (isExpired(node, now)) {
            remove(node, RemovalCause.EXPIRED);
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
        if (node != null && isExpired(node, clock.millis())) {
            remove(node, RemovalCause.EXPIRED);
            return null;
        }
        return node;
    }

    /** The write of {@code put} and {@code computeIfAbsent}. Called with the lock held. */
    private void store(String key, SnapshotId id, long weight) {
        long now = clock.millis();
        purgeExpired(now);
        Node old = entries.find(key);
        if (old != null && old.id.equals(id)) {
            entries.refresh(old, weight, now);
        } else {
            if (old != null) {
                remove(old, RemovalCause.REPLACED);
            }
            entries.add(key, id, weight, now);
            outbox.cancel(id);
        }
        // The entry just written is the most recently used, so it is the least recently used only
        // when it is alone, and then both bounds hold: maxEntries >= 1, and its weight <= maxWeight.
        while (entries.size() > maxEntries || entries.totalWeight() > maxWeight) {
            remove(entries.leastRecent(), RemovalCause.CAPACITY);
        }
        puts++;
    }

    /** Removes every expired entry (see the class comment on the clock). Called with the lock held. */
    private void purgeExpired(long now) {
        if (expireMillis == NEVER) {
            return;
        }
        for (Node node = entries.leastRecent(); node != null && isExpired(node, now); node = entries.leastRecent()) {
            remove(node, RemovalCause.EXPIRED);
        }
    }

    private boolean isExpired(Node node, long now) {
        return expireMillis != NEVER && now - node.lastAccessMillis >= expireMillis;
    }

    /**
     * Removes an entry, counts it if it was evicted, and, if someone listens and no key maps its id
     * any more, records its eviction as pending and as made by the operation holding the lock.
     * Called with the lock held.
     */
    private void remove(Node node, RemovalCause cause) {
        if (entries.remove(node)) {
            if (made == null) {
                made = new ArrayList<>();
            }
            made.add(outbox.add(new Eviction(node.key, node.id, node.weight, cause)));
        }
        if (cause.wasEvicted()) {
            evictionCount++;
            evictionWeight += node.weight;
        }
    }

    /**
     * Offers an operation's evictions to the listener in the order it made them, skipping those
     * cancelled meanwhile. If the listener throws an {@link Error}, it propagates and the evictions
     * not yet offered stay pending, released for {@link #deliverPendingEvictions()}.
     *
     * @param evictions the evictions, or null if there are none
     */
    private void deliver(List<Pending> evictions) {
        if (evictions == null) {
            return;
        }
        int offered = 0;
        try {
            while (offered < evictions.size()) {
                Pending eviction = evictions.get(offered++);
                boolean pending;
                synchronized (lock) {
                    pending = outbox.isPending(eviction);
                    if (pending) {
                        handOver(eviction);
                    }
                }
                if (pending) {
                    offer(eviction);
                }
            }
        } finally {
            if (offered < evictions.size()) {
                synchronized (lock) {
                    evictions.subList(offered, evictions.size()).forEach(outbox::release);
                }
            }
        }
    }

    /**
     * Records that the calling thread is about to offer an eviction, after checking with the lock
     * held that it is still pending: until the offer returns, a {@code put} of its id by another
     * thread waits ({@link #awaitOffers}). Called with the lock held.
     */
    private void handOver(Pending eviction) {
        inHands.computeIfAbsent(eviction.eviction.snapshotId(), id -> new ArrayList<>(1)).add(Thread.currentThread());
    }

    /** Ends what {@link #handOver} began and wakes the writers waiting for it. Called with the lock held. */
    private void takeBack(Pending eviction) {
        SnapshotId id = eviction.eviction.snapshotId();
        List<Thread> threads = inHands.get(id);
        threads.remove(Thread.currentThread());
        if (threads.isEmpty()) {
            inHands.remove(id);
        }
        lock.notifyAll();
    }

    /**
     * Waits, uninterruptibly, until no other thread has an eviction of {@code id} in a listener's
     * hands, so that the listener's "delete" and this write's "map again" never interleave. The
     * delivering thread itself never waits for its own offer. Called with the lock held, which the
     * wait releases; the registry is open again when it returns.
     */
    private void awaitOffers(SnapshotId id) {
        if (inHands.isEmpty()) {
            return;
        }
        boolean interrupted = false;
        Thread self = Thread.currentThread();
        try {
            for (List<Thread> threads = inHands.get(id);
                    threads != null && threads.stream().anyMatch(thread -> thread != self);
                    threads = inHands.get(id)) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                checkOpen();
            }
        } finally {
            if (interrupted) {
                self.interrupt();
            }
        }
    }

    /**
     * Offers one claimed eviction, handed over with {@link #handOver}, to the listener and ends the
     * claim: accepted, it leaves the outbox; refused with an {@link Exception}, it stays pending.
     * An {@link Error} propagates.
     *
     * @return true if the listener accepted it
     */
    private boolean offer(Pending eviction) {
        boolean accepted = false;
        try {
            config.evictionListener().onEviction(eviction.eviction);
            accepted = true;
        } catch (InterruptedException refused) {
            Thread.currentThread().interrupt();
            refusals.refused(eviction.eviction, refused);
        } catch (Exception refused) {
            refusals.refused(eviction.eviction, refused);
        } finally {
            synchronized (lock) {
                if (accepted) {
                    outbox.accept(eviction);
                } else {
                    outbox.release(eviction);
                }
                takeBack(eviction);
            }
        }
        return accepted;
    }

    private static long millis(Duration duration) {
        return duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toMillis();
    }

    /** A creation in flight: the thread running the creator, and the outcome its waiters share. */
    private record Creation(Thread creator, CompletableFuture<SnapshotId> result) {}
}
