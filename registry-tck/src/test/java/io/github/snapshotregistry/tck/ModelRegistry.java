package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
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
import java.util.EnumSet;
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
        NULL_KEY_MESSAGE_NAMES_NOTHING(1),
        NULL_CREATED_ID_BLAMES_THE_ID(1),
        ACCEPTS_A_NEGATIVE_WEIGHT_AS_ZERO(1),
        CLAMPS_A_TOO_HEAVY_WEIGHT(1),
        DOES_NOT_CHECK_THE_WEIGHERS_WEIGHT(1),
        A_REJECTED_GET_COUNTS_A_MISS(1),
        WEIGHS_BEFORE_CHECKING_ARGUMENTS(1),
        WRAPS_THE_WEIGHERS_EXCEPTION(1),
        DROPS_NUL_CHARACTERS_FROM_KEYS(1),
        PEEK_FINDS_INVALIDATED_KEYS(2),
        PEEK_CACHES_IDS_UNTIL_INVALIDATED(2),
        FORGETS_REPLACED_IDS(2),
        SAME_ID_KEEPS_THE_OLD_WEIGHT(2),
        INVALIDATE_RETURNS_EMPTY(2),
        INVALIDATE_ALL_MOST_RECENT_FIRST(2),
        INVALIDATE_ALL_STOPS_AFTER_ONE_BATCH(2),
        SNAPSHOT_IDS_REPEATS_SHARED_IDS(2),
        ORDERS_BY_TIMESTAMP_THEN_KEY(3),
        PEEK_REFRESHES_RECENCY(3),
        LAST_ACCESS_IN_SECONDS(3),
        STREAMS_ONE_ORDER_ONLY(3),
        REFRESHES_WHAT_IT_STREAMS(3),
        STREAMS_BY_OFFSET(3),
        IGNORES_MAX_WEIGHT(4),
        EVICTS_BELOW_MAX_ENTRIES(4),
        EVICTS_ITS_OWN_KEY_WHEN_IT_WAS_THE_LEAST_RECENT(4),
        A_REFRESH_THAT_NEEDS_ROOM_KEEPS_THE_OLD_WEIGHT(4),
        WEIGHT_ZERO_COUNTS_AS_ONE(4),
        TOTAL_WEIGHT_COUNTS_ZERO_AS_ONE(4),
        EXPIRES_A_MILLISECOND_LATE(5),
        PEEK_RETURNS_EXPIRED_ENTRIES(5),
        A_READ_PURGES_EVERY_EXPIRED_ENTRY(5),
        DELIVERS_THE_EXPIRED_ID_AFTER_THE_CREATOR(5),
        PURGES_AS_CAPACITY(5),
        INVALIDATE_OF_AN_EXPIRED_KEY_RETURNS_ITS_ID(5),
        A_PUT_OVER_AN_EXPIRED_KEY_DELIVERS_REPLACED(5),
        DELIVERS_AN_EXPIRED_ID_PUT_AGAIN(5),
        CLEAN_UP_DOES_NOTHING(5),
        INVALIDATE_ALL_REMOVES_EXPIRED_AS_EXPLICIT(5),
        DELIVERS_UNDER_LOCK(6),
        DELIVERS_IN_REVERSE_ORDER(6),
        DELIVERS_IDS_STILL_MAPPED(6),
        SHARED_ID_DELIVERED_WITH_THE_FIRST_KEY(6),
        DROPS_REFUSED_EVICTIONS(6),
        STOPS_AT_THE_FIRST_REFUSAL(6),
        AN_ERROR_DROPS_LATER_REMOVALS(6),
        DELIVERS_PENDING_ON_ANOTHER_THREAD(6),
        DELIVERS_PENDING_UNDER_LOCK(6),
        DELIVERS_ONLY_THE_FIRST_PENDING(6),
        LISTS_PENDING_NEWEST_FIRST(6),
        PUT_DOES_NOT_CANCEL_PENDING(6),
        PUT_DOES_NOT_WAIT_FOR_AN_OFFER(6),
        A_LISTENER_PUT_WAITS_FOR_ITS_OWN_OFFER(6),
        NO_SYNCHRONIZATION(7),
        CREATES_CONCURRENTLY(7),
        A_WAITER_RETRIES_AFTER_A_FAILED_CREATOR(7),
        STORES_A_PLACEHOLDER_WHEN_THE_CREATOR_THROWS(7),
        WAITERS_GET_THE_LISTENERS_ERROR(7),
        CREATOR_RUNS_UNDER_THE_LOCK(7),
        A_PUT_DURING_CREATION_IS_ORPHANED(7),
        HANGS_WHEN_A_CREATOR_CALLS_ITSELF(7),
        REGISTRY_URI_OF_ANOTHER_SCHEME("provider_", "Provider:"),
        INSPECTED_STORE_ACCEPTS_WRITES("provider_", "Provider:"),
        INSPECTS_AN_EMPTY_STORE("provider_", "Provider:"),
        PEEK_COUNTS_A_HIT("stats_", "Stats:"),
        A_STORING_COMPUTE_COUNTS_NO_PUT("stats_", "Stats:"),
        A_WAITER_COUNTS_A_HIT("stats_", "Stats:"),
        A_WAITER_COUNTS_A_PUT("stats_", "Stats:"),
        A_FAILED_CREATOR_COUNTS_NO_MISS("stats_", "Stats:"),
        EVICTION_STATS_COUNT_DELIVERIES("stats_", "Stats:"),
        LOSES_AN_ENTRY_ON_REOPEN(8),
        LOSES_WEIGHTS_ON_REOPEN(8),
        LOSES_RECENCY_ON_REOPEN(8),
        RESETS_LAST_ACCESS_ON_REOPEN(8),
        LOSES_PENDING_ON_REOPEN(8),
        IGNORES_SMALLER_BOUNDS_AT_OPEN(8),
        OPEN_LEAVES_ITS_EVICTIONS_UNDELIVERED(8),
        OPEN_DOES_NOT_DELIVER_PENDING(8),
        OPEN_FAILS_WHILE_THE_LISTENER_REFUSES(8),
        OPEN_DOES_NOT_COUNT_ITS_EVICTIONS(8),
        STATS_SURVIVE_REOPEN(8),
        DOES_NOT_SHARE(9),
        PENDING_KEPT_PER_INSTANCE(9),
        MAPPED_ELSEWHERE_CHECKED_PER_INSTANCE(9),
        DROPS_THE_OTHERS_PENDING_EVICTIONS(9),
        STATS_COUNT_EVERY_INSTANCE(9),
        THROWS_ON_SECOND_CLOSE(10),
        CLOCK_IS_THE_SYSTEM_CLOCK(10),
        CHECKS_ARGUMENTS_BEFORE_CLOSED(10),
        STATS_WORK_AFTER_CLOSE(10),
        CHECK_STORAGE_CLEANS_UP(10),
        REPORTS_SHARED_IDS_AS_ORPHANS(11),
        REPORTS_PENDING_IDS_AS_ORPHANS(11),
        GRACE_PERIOD_IS_EXCLUSIVE(11),
        REPORTS_YOUNG_ORPHANS(11),
        MISSING_MOST_RECENT_FIRST(11),
        RECONCILE_REFRESHES_RECENCY(11),
        INVALIDATES_WHATEVER_THE_KEY_MAPS(11),
        INVALIDATE_WITH_AN_ID_SKIPS_THE_PURGE(11),
        ACCEPTS_A_NEGATIVE_GRACE_PERIOD(11);

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
     * What survives close and what two registries share: the model, the deliveries in flight with
     * the thread offering each, and what some flaws remember beside the model.
     */
    static final class Storage {
        private ReferenceModel model;
        private RegistryConfig config;
        private final Map<Eviction, Thread> delivering = new HashMap<>();
        /** {@link Flaw#PEEK_FINDS_INVALIDATED_KEYS}: the ids of invalidated keys. */
        private final Map<String, SnapshotId> invalidated = new HashMap<>();
        /** {@link Flaw#SHARED_ID_DELIVERED_WITH_THE_FIRST_KEY}: the first key that mapped each id. */
        private final Map<SnapshotId, String> firstKeys = new HashMap<>();
        /** {@link Flaw#PUT_DOES_NOT_CANCEL_PENDING}: pending evictions a put of their id left in place. */
        private final List<Eviction> uncancelled = new ArrayList<>();
        /** {@link Flaw#STATS_SURVIVE_REOPEN}: the statistics of the last registry closed. */
        private RegistryStats closedStats = new RegistryStats(0, 0, 0, 0, 0);

        Storage(RegistryConfig config, Flaw flaw) {
            this.model = new ReferenceModel(modelConfig(config, flaw));
            this.config = config;
        }

        /** {@link Flaw#INSPECTS_AN_EMPTY_STORE}: fresh storage with this one's configuration. */
        Storage emptied() {
            return new Storage(config, Flaw.NONE);
        }
    }

    /** What an operation is, as far as the flaws that change what the listener is shown care. */
    private enum Kind { READ, PUT, INVALIDATE_ALL, WRITE }

    private final Storage storage;
    private final RegistryConfig config;
    private final Flaw flaw;
    private final ConcurrentHashMap<String, Creation> creations = new ConcurrentHashMap<>();
    /** {@link Flaw#PEEK_CACHES_IDS_UNTIL_INVALIDATED}: what this instance's peeks found. */
    private final Map<String, SnapshotId> peeked = new ConcurrentHashMap<>();
    /** Flaws of rule 9: the removals this instance made, and the keys it wrote. */
    private final Set<Eviction> made = ConcurrentHashMap.newKeySet();
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private RegistryStats stats = new RegistryStats(0, 0, 0, 0, 0);
    private volatile boolean closed;
    /** Opened for inspection: every method that would write throws UnsupportedOperationException. */
    private boolean inspecting;

    private ModelRegistry(Storage storage, RegistryConfig config, Flaw flaw) {
        this.storage = storage;
        this.config = config;
        this.flaw = flaw;
    }

    static ModelRegistry create(Storage storage, RegistryConfig config, Flaw flaw) {
        return new ModelRegistry(storage, config, flaw);
    }

    /** The storage opened only to look, unless {@link Flaw#INSPECTED_STORE_ACCEPTS_WRITES}. */
    static ModelRegistry inspect(Storage storage, Flaw flaw) {
        ModelRegistry registry = new ModelRegistry(storage, storage.config, flaw);
        registry.inspecting = flaw != Flaw.INSPECTED_STORE_ACCEPTS_WRITES;
        return registry;
    }

    /** Refuses a method that would write when the registry was opened for inspection. */
    private void writing() {
        if (inspecting) {
            throw new UnsupportedOperationException("the registry was opened for inspection only");
        }
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
            if (flaw == Flaw.STATS_SURVIVE_REOPEN) {
                registry.stats = sum(storage.closedStats, registry.stats);
            }
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
        writing();
        try {
            return locked(key, () -> {
                if (flaw == Flaw.A_READ_PURGES_EVERY_EXPIRED_ENTRY) {
                    model().cleanUp();
                }
                return model().get(key(key));
            });
        } catch (IllegalArgumentException | NullPointerException rejected) {
            if (flaw == Flaw.A_REJECTED_GET_COUNTS_A_MISS) {
                count(0, 1, 0);
            }
            throw rejected;
        }
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        if (flaw == Flaw.PEEK_CACHES_IDS_UNTIL_INVALIDATED && key != null && peeked.containsKey(key)) {
            return Optional.of(peeked.get(key));
        }
        Optional<SnapshotId> found = locked(key, () -> switch (flaw) {
            case PEEK_REFRESHES_RECENCY -> model().get(key(key));
            case PEEK_RETURNS_EXPIRED_ENTRIES -> model().entries().stream()
                    .filter(entry -> entry.key().equals(key(key))).map(RegistryEntry::snapshotId).findFirst();
            case PEEK_FINDS_INVALIDATED_KEYS -> model().peek(key(key))
                    .or(() -> Optional.ofNullable(storage.invalidated.get(key)));
            default -> model().peek(key(key));
        });
        if (flaw == Flaw.PEEK_CACHES_IDS_UNTIL_INVALIDATED) {
            found.ifPresent(id -> peeked.put(key, id));
        }
        if (flaw == Flaw.PEEK_COUNTS_A_HIT && found.isPresent()) {
            count(1, 0, 0);
        }
        return found;
    }

    @Override
    public void put(String key, SnapshotId id) {
        writing();
        checkOpen(key);
        if (flaw == Flaw.WEIGHS_BEFORE_CHECKING_ARGUMENTS) {
            RegistryArguments.weigh(config, key, id);
        }
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        long weight = weigh(key, id);
        store(key, id, weight);
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        writing();
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        long given = switch (flaw) {
            case ACCEPTS_A_NEGATIVE_WEIGHT_AS_ZERO -> Math.max(0, weight);
            case CLAMPS_A_TOO_HEAVY_WEIGHT -> Math.min(weight, config.maxWeight().orElse(Long.MAX_VALUE));
            case WEIGHT_ZERO_COUNTS_AS_ONE -> Math.max(1, weight);
            default -> weight;
        };
        RegistryArguments.checkWeight(given, config);
        store(key, id, given);
    }

    /** Stores an id whose weight passed the checks, with the flaws of put. */
    private void store(String key, SnapshotId id, long weight) {
        Optional<RegistryEntry> expiredSameId = flaw == Flaw.DELIVERS_AN_EXPIRED_ID_PUT_AGAIN
                ? expiredEntry(key).filter(entry -> entry.snapshotId().equals(id))
                : Optional.empty();
        locked(key, id, Kind.PUT, () -> {
            List<RegistryEntry> before = model().entries();
            boolean wasEldest = !before.isEmpty() && before.get(0).key().equals(key(key));
            model().put(key(key), id, refreshedWeight(before, key, id, weight));
            if (flaw == Flaw.EVICTS_ITS_OWN_KEY_WHEN_IT_WAS_THE_LEAST_RECENT && wasEldest
                    && model().size() < before.size()) {
                model().invalidate(key(key));
            }
            return null;
        });
        expiredSameId.ifPresent(entry -> offerDirectly(
                new Eviction(entry.key(), entry.snapshotId(), entry.weight(), RemovalCause.EXPIRED)));
    }

    /** The weight a put stores: the given one, unless a flaw keeps the old weight of a refreshed id. */
    private long refreshedWeight(List<RegistryEntry> entries, String key, SnapshotId id, long weight) {
        RegistryEntry old = entries.stream().filter(entry -> entry.key().equals(key(key))).findFirst().orElse(null);
        if (old == null || !old.snapshotId().equals(id)) {
            return weight;
        }
        long totalAfter = entries.stream().mapToLong(RegistryEntry::weight).sum() - old.weight() + weight;
        boolean needsRoom = totalAfter > config.maxWeight().orElse(Long.MAX_VALUE);
        return flaw == Flaw.SAME_ID_KEEPS_THE_OLD_WEIGHT
                || (flaw == Flaw.A_REFRESH_THAT_NEEDS_ROOM_KEEPS_THE_OLD_WEIGHT && needsRoom)
                ? old.weight() : weight;
    }

    /** The weigher's weight, checked (unless a flaw skips the check), its exception wrapped by a flaw. */
    private long weigh(String key, SnapshotId id) {
        try {
            if (flaw == Flaw.DOES_NOT_CHECK_THE_WEIGHERS_WEIGHT) {
                return Math.max(0, Math.min(config.weigher().weigh(key, id), config.maxWeight().orElse(Long.MAX_VALUE)));
            }
            return RegistryArguments.weigh(config, key, id);
        } catch (IllegalArgumentException rejected) {
            throw rejected;
        } catch (RuntimeException failure) {
            if (flaw == Flaw.WRAPS_THE_WEIGHERS_EXCEPTION) {
                throw new RegistryException("the weigher failed for key " + key, failure);
            }
            throw failure;
        }
    }

    /** The key's entry if it has expired and no operation removed it yet. */
    private Optional<RegistryEntry> expiredEntry(String key) {
        long now = config.clock().millis();
        return locked(key, () -> model().entries().stream()
                .filter(entry -> entry.key().equals(key(key)))
                .filter(entry -> config.expireAfterAccess()
                        .map(d -> now - entry.lastAccess().toEpochMilli() >= d.toMillis()).orElse(false))
                .findFirst());
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        writing();
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
            long hits = flaw == Flaw.A_WAITER_COUNTS_A_HIT ? 1 : 0;
            try {
                SnapshotId shared = running.join();
                count(hits, 1 - hits, flaw == Flaw.A_WAITER_COUNTS_A_PUT ? 1 : 0);
                return shared;
            } catch (CompletionException failure) {
                count(hits, 1 - hits, 0);
                if (flaw == Flaw.A_WAITER_RETRIES_AFTER_A_FAILED_CREATOR) {
                    return computeIfAbsent(key, creator);
                }
                throw rethrow(failure.getCause());
            }
        }
        boolean stored = false;
        try {
            Change<Optional<SnapshotId>> found = apply(key, null, () -> model().computePresent(key(key)));
            if (flaw != Flaw.DELIVERS_THE_EXPIRED_ID_AFTER_THE_CREATOR) {
                deliver(found.removals());
            }
            if (found.answer().isPresent()) {
                creation.complete(found.answer().get());
                return found.answer().get();
            }
            locked(key, () -> {
                model().countMiss();
                return null;
            });
            SnapshotId created = create(key, creator);
            if (created == null) {
                throw new NullPointerException(flaw == Flaw.NULL_CREATED_ID_BLAMES_THE_ID
                        ? "id must not be null" : "creator returned null for key " + key);
            }
            RegistryArguments.weigh(config, key, created);
            List<Eviction> removals = apply(key, created, () -> {
                model().put(key(key), created);
                return null;
            }).removals();
            stored = true;
            if (flaw == Flaw.A_STORING_COMPUTE_COUNTS_NO_PUT) {
                count(0, 0, -1);
            }
            if (flaw == Flaw.A_PUT_DURING_CREATION_IS_ORPHANED) {
                synchronized (lock()) {
                    removals.stream().filter(removal -> removal.cause() == RemovalCause.REPLACED).forEach(model()::accept);
                }
            }
            if (flaw != Flaw.WAITERS_GET_THE_LISTENERS_ERROR) {
                creation.complete(created);
            }
            if (flaw == Flaw.DELIVERS_THE_EXPIRED_ID_AFTER_THE_CREATOR) {
                deliver(found.removals());
            }
            deliver(removals, key, Kind.PUT);
            creation.complete(created);
            return created;
        } catch (RuntimeException | Error failure) {
            creation.completeExceptionally(failure);
            if (!stored && failure instanceof RuntimeException) {
                failedCreation(key);
            }
            throw failure;
        } finally {
            creations.remove(key, mine);
        }
    }

    /** Runs the creator, with no lock held unless a flaw holds one. */
    private SnapshotId create(String key, Function<String, SnapshotId> creator) {
        if (flaw == Flaw.CREATOR_RUNS_UNDER_THE_LOCK) {
            synchronized (storage) {
                return creator.apply(key);
            }
        }
        return creator.apply(key);
    }

    /** What the flaws of a creator that threw do: store a placeholder, or take back the miss. */
    private void failedCreation(String key) {
        if (flaw == Flaw.STORES_A_PLACEHOLDER_WHEN_THE_CREATOR_THROWS) {
            locked(key, () -> {
                model().put(key(key), SnapshotId.of("unfinished " + key));
                return null;
            });
        }
        if (flaw == Flaw.A_FAILED_CREATOR_COUNTS_NO_MISS) {
            count(0, -1, 0);
        }
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        writing();
        Optional<RegistryEntry> old = flaw == Flaw.INVALIDATE_OF_AN_EXPIRED_KEY_RETURNS_ITS_ID
                || flaw == Flaw.DELIVERS_IDS_STILL_MAPPED || flaw == Flaw.MAPPED_ELSEWHERE_CHECKED_PER_INSTANCE
                ? locked(key, () -> model().entries().stream().filter(entry -> entry.key().equals(key(key))).findFirst())
                : Optional.empty();
        Optional<SnapshotId> removed = locked(key, null, Kind.WRITE, () -> model().invalidate(key(key)));
        peeked.remove(key);
        removed.filter(id -> flaw == Flaw.PEEK_FINDS_INVALIDATED_KEYS).ifPresent(id -> {
            synchronized (lock()) {
                storage.invalidated.put(key, id);
            }
        });
        old.filter(entry -> removed.isPresent() && stillMappedElsewhere(entry.snapshotId()))
                .ifPresent(entry -> offerDirectly(
                        new Eviction(entry.key(), entry.snapshotId(), entry.weight(), RemovalCause.EXPLICIT)));
        if (flaw == Flaw.INVALIDATE_RETURNS_EMPTY) {
            return Optional.empty();
        }
        return removed.or(() -> old.filter(entry -> flaw == Flaw.INVALIDATE_OF_AN_EXPIRED_KEY_RETURNS_ITS_ID)
                .map(RegistryEntry::snapshotId));
    }

    /**
     * Whether a flaw of rules 6 or 9 takes {@code id} for unmapped although a key still maps it: any
     * key, or one this instance did not write.
     */
    private boolean stillMappedElsewhere(SnapshotId id) {
        List<String> mappers = locked("", () -> model().entries().stream()
                .filter(entry -> entry.snapshotId().equals(id)).map(RegistryEntry::key).toList());
        return !mappers.isEmpty() && (flaw == Flaw.DELIVERS_IDS_STILL_MAPPED
                || (flaw == Flaw.MAPPED_ELSEWHERE_CHECKED_PER_INSTANCE && mappers.stream().noneMatch(written::contains)));
    }

    @Override
    public boolean invalidate(String key, SnapshotId id) {
        writing();
        if (flaw == Flaw.INVALIDATES_WHATEVER_THE_KEY_MAPS) {
            checkOpen(key);
            RegistryArguments.checkId(id);
            return invalidate(key).isPresent();
        }
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        if (flaw == Flaw.INVALIDATE_WITH_AN_ID_SKIPS_THE_PURGE && locked(key, () -> model().entries().stream()
                .noneMatch(entry -> entry.key().equals(key) && entry.snapshotId().equals(id)))) {
            return false;
        }
        return locked(key, null, Kind.WRITE, () -> model().invalidate(key(key), id));
    }

    /**
     * The port's default, unless a flaw of reconciliation is chosen: then the same comparison made
     * here, with that flaw.
     */
    @Override
    public Reconciliation reconcile(Stream<StoredSnapshot> store, Duration gracePeriod) {
        if (!RECONCILIATION_FLAWS.contains(flaw)) {
            return SnapshotRegistry.super.reconcile(store, gracePeriod);
        }
        checkOpen("");
        Objects.requireNonNull(store, "store must not be null");
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative() && flaw != Flaw.ACCEPTS_A_NEGATIVE_GRACE_PERIOD) {
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
            boolean oldEnough = flaw == Flaw.GRACE_PERIOD_IS_EXCLUSIVE
                    ? snapshot.lastModified().isBefore(oldest) : !snapshot.lastModified().isAfter(oldest);
            if (!kept.contains(snapshot.id()) && oldEnough) {
                orphans.add(snapshot.id());
            }
        });
        List<RegistryEntry> missing = new ArrayList<>(
                entries.stream().filter(entry -> !stored.contains(entry.snapshotId())).toList());
        if (flaw == Flaw.MISSING_MOST_RECENT_FIRST) {
            Collections.reverse(missing);
        }
        return new Reconciliation(orphans, missing);
    }

    private static final Set<Flaw> RECONCILIATION_FLAWS = EnumSet.of(Flaw.REPORTS_YOUNG_ORPHANS,
            Flaw.REPORTS_PENDING_IDS_AS_ORPHANS, Flaw.REPORTS_SHARED_IDS_AS_ORPHANS, Flaw.RECONCILE_REFRESHES_RECENCY,
            Flaw.GRACE_PERIOD_IS_EXCLUSIVE, Flaw.MISSING_MOST_RECENT_FIRST, Flaw.ACCEPTS_A_NEGATIVE_GRACE_PERIOD);

    @Override
    public List<String> checkStorage() {
        if (flaw == Flaw.CHECK_STORAGE_CLEANS_UP) {
            cleanUp();
        }
        return SnapshotRegistry.super.checkStorage();
    }

    @Override
    public InstantSource clock() {
        return flaw == Flaw.CLOCK_IS_THE_SYSTEM_CLOCK ? InstantSource.system() : config.clock();
    }

    @Override
    public void invalidateAll() {
        writing();
        peeked.clear();
        locked("", null, Kind.INVALIDATE_ALL, () -> {
            if (flaw == Flaw.INVALIDATE_ALL_MOST_RECENT_FIRST || flaw == Flaw.INVALIDATE_ALL_STOPS_AFTER_ONE_BATCH) {
                model().cleanUp();
                List<RegistryEntry> all = new ArrayList<>(model().entries());
                if (flaw == Flaw.INVALIDATE_ALL_MOST_RECENT_FIRST) {
                    Collections.reverse(all);
                }
                all.stream().limit(flaw == Flaw.INVALIDATE_ALL_STOPS_AFTER_ONE_BATCH ? 2 : all.size())
                        .forEach(entry -> model().invalidate(entry.key()));
            } else {
                model().invalidateAll();
            }
            return null;
        });
    }

    @Override
    public long size() {
        return locked("", () -> model().size());
    }

    @Override
    public long totalWeight() {
        return locked("", () -> flaw == Flaw.TOTAL_WEIGHT_COUNTS_ZERO_AS_ONE
                ? model().entries().stream().mapToLong(entry -> Math.max(1, entry.weight())).sum()
                : model().totalWeight());
    }

    @Override
    public List<RegistryEntry> entries() {
        List<RegistryEntry> entries = locked("", () -> model().entries());
        return switch (flaw) {
            case ORDERS_BY_TIMESTAMP_THEN_KEY -> entries.stream()
                    .sorted(Comparator.comparing(RegistryEntry::lastAccess).thenComparing(RegistryEntry::key)).toList();
            case LAST_ACCESS_IN_SECONDS -> entries.stream().map(entry -> new RegistryEntry(entry.key(),
                    entry.snapshotId(), entry.weight(), entry.lastAccess().truncatedTo(ChronoUnit.SECONDS))).toList();
            default -> entries;
        };
    }

    @Override
    public int deliverPendingEvictions() {
        writing();
        List<Eviction> pending = locked("", () -> model().pending());
        List<Eviction> offered = flaw == Flaw.DELIVERS_ONLY_THE_FIRST_PENDING
                ? pending.subList(0, Math.min(1, pending.size()))
                : pending;
        if (flaw == Flaw.PENDING_KEPT_PER_INSTANCE || flaw == Flaw.DROPS_THE_OTHERS_PENDING_EVICTIONS) {
            offered = pending.stream().filter(made::contains).toList();
            if (flaw == Flaw.DROPS_THE_OTHERS_PENDING_EVICTIONS) {
                synchronized (lock()) {
                    pending.stream().filter(eviction -> !made.contains(eviction)).forEach(model()::accept);
                }
            }
        }
        if (flaw == Flaw.PUT_DOES_NOT_CANCEL_PENDING) {
            List<Eviction> uncancelled;
            synchronized (lock()) {
                uncancelled = List.copyOf(storage.uncancelled);
                storage.uncancelled.clear();
            }
            uncancelled.forEach(this::offerDirectly);
        }
        if (flaw == Flaw.DELIVERS_PENDING_UNDER_LOCK) {
            List<Eviction> underLock = offered;
            synchronized (storage) {
                return deliver(underLock);
            }
        }
        if (flaw == Flaw.DELIVERS_PENDING_ON_ANOTHER_THREAD) {
            List<Eviction> elsewhere = offered;
            return CompletableFuture.supplyAsync(() -> deliver(elsewhere)).join();
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
        if (flaw == Flaw.REFRESHES_WHAT_IT_STREAMS) {
            List<RegistryEntry> streamed = SnapshotRegistry.super.streamEntries(order).toList();
            streamed.forEach(entry -> get(entry.key()));
            return streamed.stream();
        }
        if (flaw == Flaw.STREAMS_BY_OFFSET) {
            checkOpen("");
            Objects.requireNonNull(order, "order must not be null");
            return offsetPages(order);
        }
        return SnapshotRegistry.super.streamEntries(order);
    }

    /**
     * {@link Flaw#STREAMS_BY_OFFSET}: the entries read a page of two at a time by position, so that
     * an entry that moves behind the walk shifts the others under it and one is skipped.
     */
    private Stream<RegistryEntry> offsetPages(RecencyOrder order) {
        int page = 2;
        return Stream.iterate(0, offset -> offset + page)
                .map(offset -> {
                    List<RegistryEntry> entries = new ArrayList<>(entries());
                    if (order == RecencyOrder.MOST_RECENT_FIRST) {
                        Collections.reverse(entries);
                    }
                    return entries.subList(Math.min(offset, entries.size()), Math.min(offset + page, entries.size()));
                })
                .takeWhile(rows -> !rows.isEmpty())
                .flatMap(List::stream);
    }

    @Override
    public long pendingEvictions() {
        return locked("", () -> (long) model().pending().size() + storage.uncancelled.size());
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
        writing();
        locked("", null, Kind.WRITE, () -> {
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
        if (!closed) {
            synchronized (storage) {
                storage.closedStats = stats;
            }
        }
        closed = true;
    }

    private ReferenceModel model() {
        return storage.model;
    }

    private String key(String key) {
        if (key == null && flaw == Flaw.NULL_KEY_MESSAGE_NAMES_NOTHING) {
            throw new NullPointerException();
        }
        if (key != null && flaw == Flaw.DROPS_NUL_CHARACTERS_FROM_KEYS) {
            return key.replace("\u0000", "");
        }
        return flaw == Flaw.ACCEPTS_EMPTY_KEY && "".equals(key) ? "(empty)" : key;
    }

    /** Runs one reading operation under the lock, then delivers its removals with the lock released. */
    private <T> T locked(String key, Supplier<T> operation) {
        return locked(key, null, Kind.READ, operation);
    }

    /**
     * Runs one operation that stores {@code stored} (or null) under the lock, once no other thread
     * offers that id, then delivers its removals with the lock released.
     */
    private <T> T locked(String key, SnapshotId stored, Kind kind, Supplier<T> operation) {
        checkOpen(key);
        if (stored != null) {
            written.add(key);
        }
        if (flaw == Flaw.DELIVERS_UNDER_LOCK) {
            synchronized (storage) {
                Change<T> change = apply(key, stored, operation);
                deliver(change.removals(), key, kind);
                return change.answer();
            }
        }
        Change<T> change = apply(key, stored, operation);
        deliver(change.removals(), key, kind);
        return change.answer();
    }

    /** An operation's answer and the removals it made. */
    private record Change<T>(T answer, List<Eviction> removals) {}

    /**
     * Runs one operation under the lock, counting what it counted as this instance's statistics;
     * one that stores an id first waits until no other thread offers that id to its listener.
     */
    private <T> Change<T> apply(String key, SnapshotId stored, Supplier<T> operation) {
        Object lock = lock();
        synchronized (lock) {
            if (stored != null && flaw != Flaw.PUT_DOES_NOT_WAIT_FOR_AN_OFFER && flaw != Flaw.NO_SYNCHRONIZATION) {
                awaitOffers(lock, stored);
            }
            if (stored != null) {
                remember(key, stored);
            }
            RegistryStats before = model().stats();
            T answer = operation.get();
            RegistryStats after = model().stats();
            boolean countsRemovals = flaw != Flaw.EVICTION_STATS_COUNT_DELIVERIES;
            stats = new RegistryStats(
                    stats.hitCount() + after.hitCount() - before.hitCount(),
                    stats.missCount() + after.missCount() - before.missCount(),
                    stats.putCount() + after.putCount() - before.putCount(),
                    stats.evictionCount() + (countsRemovals ? after.evictionCount() - before.evictionCount() : 0),
                    stats.evictionWeight() + (countsRemovals ? after.evictionWeight() - before.evictionWeight() : 0));
            List<Eviction> removals = model().takeRemovals();
            made.addAll(removals);
            if (flaw == Flaw.FORGETS_REPLACED_IDS) {
                removals.stream().filter(removal -> removal.cause() == RemovalCause.REPLACED).forEach(model()::accept);
            }
            return new Change<>(answer, removals);
        }
    }

    /** What flaws note, under the lock, about an id about to be stored. */
    private void remember(String key, SnapshotId stored) {
        if (flaw == Flaw.SHARED_ID_DELIVERED_WITH_THE_FIRST_KEY) {
            storage.firstKeys.putIfAbsent(stored, key);
        }
        if (flaw == Flaw.PUT_DOES_NOT_CANCEL_PENDING) {
            model().pending().stream().filter(eviction -> eviction.snapshotId().equals(stored))
                    .forEach(storage.uncancelled::add);
        }
    }

    /**
     * The monitor that guards the storage: the storage itself, or with {@link Flaw#NO_SYNCHRONIZATION}
     * a new object each time, which guards nothing.
     */
    private Object lock() {
        return flaw == Flaw.NO_SYNCHRONIZATION ? new Object() : storage;
    }

    /** Adds to this instance's statistics what an operation counted outside the model's own counting. */
    private void count(long hits, long misses, long puts) {
        checkOpen("");
        synchronized (lock()) {
            if (misses > 0) {
                model().countMiss();
            }
            stats = new RegistryStats(stats.hitCount() + hits, stats.missCount() + misses, stats.putCount() + puts,
                    stats.evictionCount(), stats.evictionWeight());
        }
    }

    private static RegistryStats sum(RegistryStats a, RegistryStats b) {
        return new RegistryStats(a.hitCount() + b.hitCount(), a.missCount() + b.missCount(),
                a.putCount() + b.putCount(), a.evictionCount() + b.evictionCount(),
                a.evictionWeight() + b.evictionWeight());
    }

    /** Waits, with the storage's lock held and released while waiting, until no other thread offers {@code id}. */
    private void awaitOffers(Object lock, SnapshotId id) {
        Thread self = Thread.currentThread();
        boolean waitsForItself = flaw == Flaw.A_LISTENER_PUT_WAITS_FOR_ITS_OWN_OFFER;
        while (storage.delivering.entrySet().stream().anyMatch(offer ->
                offer.getKey().snapshotId().equals(id) && (offer.getValue() != self || waitsForItself))) {
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

    /** Offers pending evictions that are no operation's own removals (redelivery, open). */
    private int deliver(List<Eviction> evictions) {
        return deliver(evictions, "", Kind.READ, false);
    }

    /** Offers one operation's removals. */
    private int deliver(List<Eviction> removals, String key, Kind kind) {
        return deliver(removals, key, kind, true);
    }

    /**
     * Offers evictions still pending to the listener, each claimed while it is offered; the
     * listener is shown what a flaw makes of each (the eviction itself without one).
     */
    private int deliver(List<Eviction> evictions, String key, Kind kind, boolean oneOperations) {
        List<Eviction> ordered = evictions;
        if (oneOperations && flaw == Flaw.DELIVERS_IN_REVERSE_ORDER) {
            ordered = new ArrayList<>(evictions);
            Collections.reverse(ordered);
        }
        int accepted = 0;
        for (Eviction eviction : ordered) {
            synchronized (lock()) {
                if (!model().isPending(eviction) || storage.delivering.putIfAbsent(eviction, Thread.currentThread()) != null) {
                    continue;
                }
            }
            boolean delivered = false;
            boolean refused = false;
            try {
                config.evictionListener().onEviction(shown(eviction, key, kind));
                delivered = true;
            } catch (Exception refusal) {
                delivered = flaw == Flaw.DROPS_REFUSED_EVICTIONS;
                refused = true;
            } catch (Error error) {
                if (flaw == Flaw.AN_ERROR_DROPS_LATER_REMOVALS) {
                    synchronized (lock()) {
                        ordered.subList(ordered.indexOf(eviction) + 1, ordered.size()).forEach(model()::accept);
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
                        countDelivered(eviction);
                    }
                }
            }
            if (refused && flaw == Flaw.STOPS_AT_THE_FIRST_REFUSAL) {
                break;
            }
        }
        return accepted;
    }

    /** {@link Flaw#EVICTION_STATS_COUNT_DELIVERIES}: counts an eviction when it is delivered. */
    private void countDelivered(Eviction eviction) {
        if (flaw == Flaw.EVICTION_STATS_COUNT_DELIVERIES && eviction.cause().wasEvicted()) {
            stats = new RegistryStats(stats.hitCount(), stats.missCount(), stats.putCount(),
                    stats.evictionCount() + 1, stats.evictionWeight() + eviction.weight());
        }
    }

    /** What the listener is shown for an eviction: the eviction itself, unless a flaw changes it. */
    private Eviction shown(Eviction eviction, String key, Kind kind) {
        if (flaw == Flaw.SHARED_ID_DELIVERED_WITH_THE_FIRST_KEY) {
            synchronized (lock()) {
                String first = storage.firstKeys.getOrDefault(eviction.snapshotId(), eviction.key());
                return new Eviction(first, eviction.snapshotId(), eviction.weight(), eviction.cause());
            }
        }
        if (eviction.cause() != RemovalCause.EXPIRED || kind == Kind.READ) {
            return eviction;
        }
        RemovalCause cause = switch (flaw) {
            case PURGES_AS_CAPACITY -> RemovalCause.CAPACITY;
            case A_PUT_OVER_AN_EXPIRED_KEY_DELIVERS_REPLACED ->
                    kind == Kind.PUT && eviction.key().equals(key) ? RemovalCause.REPLACED : RemovalCause.EXPIRED;
            case INVALIDATE_ALL_REMOVES_EXPIRED_AS_EXPLICIT ->
                    kind == Kind.INVALIDATE_ALL ? RemovalCause.EXPLICIT : RemovalCause.EXPIRED;
            default -> RemovalCause.EXPIRED;
        };
        return new Eviction(eviction.key(), eviction.snapshotId(), eviction.weight(), cause);
    }

    /** A flaw's own offer of an eviction the model does not have pending; a refusal is ignored. */
    private void offerDirectly(Eviction eviction) {
        try {
            config.evictionListener().onEviction(eviction);
        } catch (Exception refused) {
            // the flaw forgets it
        }
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
        config.maxEntries().ifPresent(max -> builder.maxEntries(
                flaw == Flaw.EVICTS_BELOW_MAX_ENTRIES && max > 1 ? max - 1 : max));
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
