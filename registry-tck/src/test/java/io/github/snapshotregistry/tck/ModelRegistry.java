package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An adapter made of the kit's own reference model behind one lock: correct, slow, and able to
 * break exactly one rule on request, so that the kit can show it catches each {@link Flaw}.
 */
final class ModelRegistry implements SnapshotRegistry {

    /** One promise broken on purpose; {@link #NONE} keeps them all. */
    enum Flaw {
        NONE("", ""),
        ACCEPTS_EMPTY_KEY(1),
        WEIGHS_BEFORE_CHECKING_ARGUMENTS(1),
        FORGETS_REPLACED_IDS(2),
        SNAPSHOT_IDS_REPEATS_SHARED_IDS(2),
        PEEK_REFRESHES_RECENCY(3),
        STREAMS_ONE_ORDER_ONLY(3),
        IGNORES_MAX_WEIGHT(4),
        EXPIRES_A_MILLISECOND_LATE(5),
        CLEAN_UP_DOES_NOTHING(5),
        DELIVERS_UNDER_LOCK(6),
        DROPS_REFUSED_EVICTIONS(6),
        PUT_DOES_NOT_WAIT_FOR_AN_OFFER(6),
        AN_ERROR_DROPS_LATER_REMOVALS(6),
        DELIVERS_PENDING_ON_ANOTHER_THREAD(6),
        DELIVERS_PENDING_UNDER_LOCK(6),
        DELIVERS_ONLY_THE_FIRST_PENDING(6),
        LISTS_PENDING_NEWEST_FIRST(6),
        CREATES_CONCURRENTLY(7),
        HANGS_WHEN_A_CREATOR_CALLS_ITSELF(7),
        WAITERS_GET_THE_LISTENERS_ERROR(7),
        NO_SYNCHRONIZATION(7),
        A_WAITER_COUNTS_A_HIT("stats_", "Stats:"),
        A_WAITER_COUNTS_A_PUT("stats_", "Stats:"),
        LOSES_PENDING_ON_REOPEN(8),
        LOSES_AN_ENTRY_ON_REOPEN(8),
        LOSES_WEIGHTS_ON_REOPEN(8),
        LOSES_RECENCY_ON_REOPEN(8),
        RESETS_LAST_ACCESS_ON_REOPEN(8),
        IGNORES_SMALLER_BOUNDS_AT_OPEN(8),
        OPEN_LEAVES_ITS_EVICTIONS_UNDELIVERED(8),
        OPEN_DOES_NOT_DELIVER_PENDING(8),
        OPEN_FAILS_WHILE_THE_LISTENER_REFUSES(8),
        OPEN_DOES_NOT_COUNT_ITS_EVICTIONS(8),
        DOES_NOT_SHARE(9),
        STATS_COUNT_EVERY_INSTANCE(9),
        CHECKS_ARGUMENTS_BEFORE_CLOSED(10),
        THROWS_ON_SECOND_CLOSE(10),
        STATS_WORK_AFTER_CLOSE(10),
        CHECK_STORAGE_CLEANS_UP(10),
        REPORTS_YOUNG_ORPHANS(11),
        REPORTS_PENDING_IDS_AS_ORPHANS(11),
        REPORTS_SHARED_IDS_AS_ORPHANS(11),
        RECONCILE_REFRESHES_RECENCY(11),
        INVALIDATES_WHATEVER_THE_KEY_MAPS(11);

        /** How the names of the tests that must catch this flaw begin ({@code rule6_}, {@code stats_}). */
        final String tests;
        /** How those tests' failure messages begin ({@code Rule 6:}, {@code Stats:}). */
        final String message;

        Flaw(int rule) {
            this("rule" + rule + "_", "Rule " + rule + ":");
        }

        Flaw(String tests, String message) {
            this.tests = tests;
            this.message = message;
        }
    }

    /**
     * What survives close and what two registries share: the model, and the deliveries in flight
     * with the thread offering each.
     */
    static final class Storage {
        private ReferenceModel model;
        private RegistryConfig config;
        private final Map<Eviction, Thread> delivering = new HashMap<>();

        Storage(RegistryConfig config, Flaw flaw) {
            this.model = new ReferenceModel(modelConfig(config, flaw));
            this.config = config;
        }
    }

    private final Storage storage;
    private final RegistryConfig config;
    private final Flaw flaw;
    private final ConcurrentHashMap<String, Creation> creations = new ConcurrentHashMap<>();
    private RegistryStats stats = new RegistryStats(0, 0, 0, 0, 0);
    private volatile boolean closed;

    private ModelRegistry(Storage storage, RegistryConfig config, Flaw flaw) {
        this.storage = storage;
        this.config = config;
        this.flaw = flaw;
    }

    static ModelRegistry create(Storage storage, RegistryConfig config, Flaw flaw) {
        return new ModelRegistry(storage, config, flaw);
    }

    static ModelRegistry reopen(Storage storage, RegistryConfig config, Flaw flaw) {
        ModelRegistry registry = new ModelRegistry(storage, config, flaw);
        List<Eviction> removals;
        List<Eviction> leftPending;
        synchronized (storage) {
            leftPending = storage.model.pending();
            RegistryConfig bounds = flaw == Flaw.IGNORES_SMALLER_BOUNDS_AT_OPEN ? storage.config : config;
            storage.model = storage.model.reopen(modelConfig(bounds, flaw), stored -> readBack(stored, config, flaw));
            storage.config = config;
            registry.stats = flaw == Flaw.OPEN_DOES_NOT_COUNT_ITS_EVICTIONS
                    ? new RegistryStats(0, 0, 0, 0, 0) : storage.model.stats();
            removals = storage.model.takeRemovals();
            if (flaw == Flaw.LOSES_PENDING_ON_REOPEN) {
                storage.model.pending().forEach(storage.model::accept);
            }
        }
        if (flaw != Flaw.OPEN_LEAVES_ITS_EVICTIONS_UNDELIVERED) {
            registry.deliver(removals);
        }
        if (flaw != Flaw.OPEN_DOES_NOT_DELIVER_PENDING) {
            registry.deliver(leftPending);
        }
        if (flaw == Flaw.OPEN_FAILS_WHILE_THE_LISTENER_REFUSES && registry.pendingEvictions() > 0) {
            throw new IllegalStateException("the listener refused evictions while opening");
        }
        return registry;
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        return locked(key, () -> model().get(key(key)));
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        return locked(key, () -> flaw == Flaw.PEEK_REFRESHES_RECENCY ? model().get(key(key)) : model().peek(key(key)));
    }

    @Override
    public void put(String key, SnapshotId id) {
        checkOpen(key);
        if (flaw == Flaw.WEIGHS_BEFORE_CHECKING_ARGUMENTS) {
            RegistryArguments.weigh(config, key, id);
        }
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        RegistryArguments.weigh(config, key, id);
        locked(key, id, () -> {
            model().put(key(key), id);
            return null;
        });
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        RegistryArguments.checkWeight(weight, config);
        locked(key, id, () -> {
            model().put(key(key), id, weight);
            return null;
        });
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        Objects.requireNonNull(creator, "creator must not be null");
        Creation mine = new Creation(Thread.currentThread(), new CompletableFuture<>());
        CompletableFuture<SnapshotId> creation = mine.result();
        Creation other = flaw == Flaw.CREATES_CONCURRENTLY ? null : creations.putIfAbsent(key, mine);
        if (other != null && other.creator() == Thread.currentThread() && flaw != Flaw.HANGS_WHEN_A_CREATOR_CALLS_ITSELF) {
            throw new IllegalStateException("the creator for key " + key + " called computeIfAbsent for that key");
        }
        CompletableFuture<SnapshotId> running = other == null ? null : other.result();
        if (running != null) {
            countWaiter(flaw == Flaw.A_WAITER_COUNTS_A_HIT ? 1 : 0, flaw == Flaw.A_WAITER_COUNTS_A_HIT ? 0 : 1, 0);
            try {
                SnapshotId shared = running.join();
                countWaiter(0, 0, flaw == Flaw.A_WAITER_COUNTS_A_PUT ? 1 : 0);
                return shared;
            } catch (CompletionException failure) {
                throw rethrow(failure.getCause());
            }
        }
        try {
            Optional<SnapshotId> present = locked(key, () -> model().computePresent(key(key)));
            if (present.isPresent()) {
                creation.complete(present.get());
                return present.get();
            }
            locked(key, () -> {
                model().countMiss();
                return null;
            });
            SnapshotId created = creator.apply(key);
            if (created == null) {
                throw new NullPointerException("creator returned null for key " + key);
            }
            RegistryArguments.weigh(config, key, created);
            List<Eviction> removals = apply(created, () -> {
                model().put(key(key), created);
                return null;
            }).removals();
            if (flaw != Flaw.WAITERS_GET_THE_LISTENERS_ERROR) {
                creation.complete(created);
            }
            deliver(removals);
            creation.complete(created);
            return created;
        } catch (RuntimeException | Error failure) {
            creation.completeExceptionally(failure);
            throw failure;
        } finally {
            creations.remove(key, mine);
        }
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        return locked(key, () -> model().invalidate(key(key)));
    }

    @Override
    public boolean invalidate(String key, SnapshotId id) {
        if (flaw == Flaw.INVALIDATES_WHATEVER_THE_KEY_MAPS) {
            checkOpen(key);
            RegistryArguments.checkId(id);
            return invalidate(key).isPresent();
        }
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        return locked(key, () -> model().invalidate(key(key), id));
    }

    /**
     * The port's default, unless a flaw of rule 11 is chosen: then the same comparison made here,
     * with that flaw.
     */
    @Override
    public Reconciliation reconcile(Stream<StoredSnapshot> store, Duration gracePeriod) {
        if (!flaw.tests.equals("rule11_") || flaw == Flaw.INVALIDATES_WHATEVER_THE_KEY_MAPS) {
            return SnapshotRegistry.super.reconcile(store, gracePeriod);
        }
        checkOpen("");
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
        }
        Instant oldest = config.clock().instant().minus(flaw == Flaw.REPORTS_YOUNG_ORPHANS ? Duration.ZERO : gracePeriod);
        List<RegistryEntry> entries = entries();
        if (flaw == Flaw.RECONCILE_REFRESHES_RECENCY) {
            entries.forEach(entry -> get(entry.key()));
        }
        Map<SnapshotId, Long> keysPerId = entries.stream()
                .collect(Collectors.groupingBy(RegistryEntry::snapshotId, Collectors.counting()));
        Set<SnapshotId> kept = new HashSet<>(keysPerId.keySet());
        if (flaw == Flaw.REPORTS_SHARED_IDS_AS_ORPHANS) {
            keysPerId.forEach((id, keys) -> {
                if (keys > 1) {
                    kept.remove(id);
                }
            });
        }
        if (flaw != Flaw.REPORTS_PENDING_IDS_AS_ORPHANS) {
            listPendingEvictions().forEach(eviction -> kept.add(eviction.snapshotId()));
        }
        Set<SnapshotId> stored = new HashSet<>();
        List<SnapshotId> orphans = new ArrayList<>();
        store.forEachOrdered(snapshot -> {
            stored.add(snapshot.id());
            if (!kept.contains(snapshot.id()) && !snapshot.lastModified().isAfter(oldest)) {
                orphans.add(snapshot.id());
            }
        });
        return new Reconciliation(orphans,
                entries.stream().filter(entry -> !stored.contains(entry.snapshotId())).toList());
    }

    @Override
    public List<String> checkStorage() {
        if (flaw == Flaw.CHECK_STORAGE_CLEANS_UP) {
            cleanUp();
        }
        return SnapshotRegistry.super.checkStorage();
    }

    @Override
    public InstantSource clock() {
        return config.clock();
    }

    @Override
    public void invalidateAll() {
        locked("", () -> {
            model().invalidateAll();
            return null;
        });
    }

    @Override
    public long size() {
        return locked("", () -> model().size());
    }

    @Override
    public long totalWeight() {
        return locked("", () -> model().totalWeight());
    }

    @Override
    public List<RegistryEntry> entries() {
        return locked("", () -> model().entries());
    }

    @Override
    public int deliverPendingEvictions() {
        List<Eviction> pending = locked("", () -> model().pending());
        List<Eviction> offered = flaw == Flaw.DELIVERS_ONLY_THE_FIRST_PENDING
                ? pending.subList(0, Math.min(1, pending.size()))
                : pending;
        if (flaw == Flaw.DELIVERS_PENDING_UNDER_LOCK) {
            synchronized (storage) {
                return deliver(offered);
            }
        }
        if (flaw == Flaw.DELIVERS_PENDING_ON_ANOTHER_THREAD) {
            return CompletableFuture.supplyAsync(() -> deliver(offered)).join();
        }
        return deliver(offered);
    }

    @Override
    public List<SnapshotId> snapshotIds() {
        if (flaw == Flaw.SNAPSHOT_IDS_REPEATS_SHARED_IDS) {
            return entries().stream().map(RegistryEntry::snapshotId).toList();
        }
        return SnapshotRegistry.super.snapshotIds();
    }

    @Override
    public Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        if (flaw == Flaw.STREAMS_ONE_ORDER_ONLY) {
            List<RegistryEntry> entries = entries();
            Objects.requireNonNull(order, "order must not be null");
            return entries.stream();
        }
        return SnapshotRegistry.super.streamEntries(order);
    }

    @Override
    public long pendingEvictions() {
        return locked("", () -> (long) model().pending().size());
    }

    @Override
    public List<Eviction> listPendingEvictions() {
        List<Eviction> pending = locked("", () -> model().pending());
        if (flaw == Flaw.LISTS_PENDING_NEWEST_FIRST) {
            List<Eviction> newestFirst = new ArrayList<>(pending);
            Collections.reverse(newestFirst);
            return newestFirst;
        }
        return pending;
    }

    @Override
    public void cleanUp() {
        locked("", () -> {
            if (flaw != Flaw.CLEAN_UP_DOES_NOTHING) {
                model().cleanUp();
            }
            return null;
        });
    }

    @Override
    public RegistryStats stats() {
        if (flaw != Flaw.STATS_WORK_AFTER_CLOSE) {
            checkOpen("");
        }
        synchronized (lock()) {
            return flaw == Flaw.STATS_COUNT_EVERY_INSTANCE ? model().stats() : stats;
        }
    }

    @Override
    public void close() {
        if (closed && flaw == Flaw.THROWS_ON_SECOND_CLOSE) {
            throw new IllegalStateException("already closed");
        }
        closed = true;
    }

    private ReferenceModel model() {
        return storage.model;
    }

    private String key(String key) {
        return flaw == Flaw.ACCEPTS_EMPTY_KEY && "".equals(key) ? "(empty)" : key;
    }

    /** Runs one operation under the lock, then delivers its removals with the lock released. */
    private <T> T locked(String key, Supplier<T> operation) {
        return locked(key, null, operation);
    }

    /**
     * Runs one operation that stores {@code stored} (or null) under the lock, once no other thread
     * offers that id, then delivers its removals with the lock released.
     */
    private <T> T locked(String key, SnapshotId stored, Supplier<T> operation) {
        checkOpen(key);
        if (flaw == Flaw.DELIVERS_UNDER_LOCK) {
            synchronized (storage) {
                Change<T> change = apply(stored, operation);
                deliver(change.removals());
                return change.answer();
            }
        }
        Change<T> change = apply(stored, operation);
        deliver(change.removals());
        return change.answer();
    }

    /** An operation's answer and the removals it made. */
    private record Change<T>(T answer, List<Eviction> removals) {}

    /**
     * Runs one operation under the lock, counting what it counted as this instance's statistics;
     * one that stores an id first waits until no other thread offers that id to its listener.
     */
    private <T> Change<T> apply(SnapshotId stored, Supplier<T> operation) {
        Object lock = lock();
        synchronized (lock) {
            if (stored != null && flaw != Flaw.PUT_DOES_NOT_WAIT_FOR_AN_OFFER && flaw != Flaw.NO_SYNCHRONIZATION) {
                awaitOffers(lock, stored);
            }
            RegistryStats before = model().stats();
            T answer = operation.get();
            RegistryStats after = model().stats();
            stats = new RegistryStats(
                    stats.hitCount() + after.hitCount() - before.hitCount(),
                    stats.missCount() + after.missCount() - before.missCount(),
                    stats.putCount() + after.putCount() - before.putCount(),
                    stats.evictionCount() + after.evictionCount() - before.evictionCount(),
                    stats.evictionWeight() + after.evictionWeight() - before.evictionWeight());
            List<Eviction> removals = model().takeRemovals();
            if (flaw == Flaw.FORGETS_REPLACED_IDS) {
                removals.stream().filter(removal -> removal.cause() == RemovalCause.REPLACED).forEach(model()::accept);
            }
            return new Change<>(answer, removals);
        }
    }

    /**
     * The monitor that guards the storage: the storage itself, or with {@link Flaw#NO_SYNCHRONIZATION}
     * a new object each time, which guards nothing.
     */
    private Object lock() {
        return flaw == Flaw.NO_SYNCHRONIZATION ? new Object() : storage;
    }

    /** Adds a {@code computeIfAbsent} that waited for another's creator to this instance's statistics. */
    private void countWaiter(long hits, long misses, long puts) {
        checkOpen("");
        synchronized (lock()) {
            if (misses > 0) {
                model().countMiss();
            }
            stats = new RegistryStats(stats.hitCount() + hits, stats.missCount() + misses, stats.putCount() + puts,
                    stats.evictionCount(), stats.evictionWeight());
        }
    }

    /** Waits, with the storage's lock held and released while waiting, until no other thread offers {@code id}. */
    private void awaitOffers(Object lock, SnapshotId id) {
        Thread self = Thread.currentThread();
        while (storage.delivering.entrySet().stream()
                .anyMatch(offer -> offer.getKey().snapshotId().equals(id) && offer.getValue() != self)) {
            try {
                lock.wait();
            } catch (InterruptedException interrupted) {
                self.interrupt();
                throw new IllegalStateException("interrupted while waiting for an offer of " + id.value());
            }
        }
    }

    private void checkOpen(String key) {
        if (flaw == Flaw.CHECKS_ARGUMENTS_BEFORE_CLOSED) {
            Objects.requireNonNull(key, "key must not be null");
        }
        if (closed) {
            throw new IllegalStateException("registry is closed");
        }
    }

    /** Offers evictions still pending to the listener, each claimed while it is offered. */
    private int deliver(List<Eviction> evictions) {
        int accepted = 0;
        for (Eviction eviction : evictions) {
            synchronized (lock()) {
                if (!model().isPending(eviction) || storage.delivering.putIfAbsent(eviction, Thread.currentThread()) != null) {
                    continue;
                }
            }
            boolean delivered = false;
            try {
                config.evictionListener().onEviction(eviction);
                delivered = true;
            } catch (Exception refused) {
                delivered = flaw == Flaw.DROPS_REFUSED_EVICTIONS;
            } catch (Error error) {
                if (flaw == Flaw.AN_ERROR_DROPS_LATER_REMOVALS) {
                    synchronized (lock()) {
                        evictions.subList(evictions.indexOf(eviction) + 1, evictions.size()).forEach(model()::accept);
                    }
                }
                throw error;
            } finally {
                Object lock = lock();
                synchronized (lock) {
                    storage.delivering.remove(eviction);
                    lock.notifyAll();
                    if (delivered && model().accept(eviction)) {
                        accepted++;
                    }
                }
            }
        }
        return accepted;
    }

    /** A creation in flight: the thread running the creator, and the outcome its waiters share. */
    private record Creation(Thread creator, CompletableFuture<SnapshotId> result) {}

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /** The entries as the storage gives them back when it is opened again, damaged by a flaw of rule 8. */
    private static List<RegistryEntry> readBack(List<RegistryEntry> stored, RegistryConfig config, Flaw flaw) {
        Instant now = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        return switch (flaw) {
            case LOSES_AN_ENTRY_ON_REOPEN -> stored.subList(0, Math.max(0, stored.size() - 1));
            case LOSES_WEIGHTS_ON_REOPEN -> stored.stream()
                    .map(entry -> new RegistryEntry(entry.key(), entry.snapshotId(), 1, entry.lastAccess())).toList();
            case LOSES_RECENCY_ON_REOPEN -> stored.stream().sorted(Comparator.comparing(RegistryEntry::key)).toList();
            case RESETS_LAST_ACCESS_ON_REOPEN -> stored.stream()
                    .map(entry -> new RegistryEntry(entry.key(), entry.snapshotId(), entry.weight(), now)).toList();
            default -> stored;
        };
    }

    private static RegistryConfig modelConfig(RegistryConfig config, Flaw flaw) {
        RegistryConfig.Builder builder = RegistryConfig.builder()
                .weigher(config.weigher())
                .clock(config.clock())
                .evictionListener(config.evictionListener());
        config.maxEntries().ifPresent(builder::maxEntries);
        if (flaw == Flaw.IGNORES_MAX_WEIGHT) {
            builder.maxEntries(config.maxEntries().orElse(Long.MAX_VALUE));
        } else {
            config.maxWeight().ifPresent(builder::maxWeight);
        }
        config.expireAfterAccess().ifPresent(d -> builder.expireAfterAccess(
                flaw == Flaw.EXPIRES_A_MILLISECOND_LATE ? d.plus(Duration.ofMillis(1)) : d));
        return builder.build();
    }
}
