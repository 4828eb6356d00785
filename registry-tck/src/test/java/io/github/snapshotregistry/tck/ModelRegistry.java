package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An adapter made of the kit's own reference model behind one lock: correct, slow, and able to
 * break exactly one rule on request, so that the kit can show it catches each {@link Flaw}.
 */
final class ModelRegistry implements SnapshotRegistry {

    /** One promise broken on purpose; {@link #NONE} keeps them all. */
    enum Flaw {
        NONE(0),
        ACCEPTS_EMPTY_KEY(1),
        FORGETS_REPLACED_IDS(2),
        PEEK_REFRESHES_RECENCY(3),
        IGNORES_MAX_WEIGHT(4),
        EXPIRES_A_MILLISECOND_LATE(5),
        DELIVERS_UNDER_LOCK(6),
        DROPS_REFUSED_EVICTIONS(6),
        CREATES_CONCURRENTLY(7),
        LOSES_PENDING_ON_REOPEN(8),
        DOES_NOT_SHARE(9),
        CHECKS_ARGUMENTS_BEFORE_CLOSED(10),
        THROWS_ON_SECOND_CLOSE(10);

        final int rule;

        Flaw(int rule) {
            this.rule = rule;
        }
    }

    /** What survives close and what two registries share: the model and the deliveries in flight. */
    static final class Storage {
        private ReferenceModel model;
        private final Set<Eviction> delivering = new HashSet<>();

        Storage(RegistryConfig config, Flaw flaw) {
            this.model = new ReferenceModel(modelConfig(config, flaw));
        }
    }

    private final Storage storage;
    private final RegistryConfig config;
    private final Flaw flaw;
    private final ConcurrentHashMap<String, CompletableFuture<SnapshotId>> creations = new ConcurrentHashMap<>();
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
        synchronized (storage) {
            storage.model = storage.model.reopen(modelConfig(config, flaw));
            registry.stats = storage.model.stats();
            removals = storage.model.takeRemovals();
            if (flaw == Flaw.LOSES_PENDING_ON_REOPEN) {
                storage.model.pending().forEach(storage.model::accept);
            }
        }
        registry.deliver(removals);
        registry.deliverPendingEvictions();
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
        RegistryArguments.checkKey(key(key));
        RegistryArguments.checkId(id);
        RegistryArguments.weigh(config, key, id);
        locked(key, () -> {
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
        locked(key, () -> {
            model().put(key(key), id, weight);
            return null;
        });
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        checkOpen(key);
        RegistryArguments.checkKey(key(key));
        Objects.requireNonNull(creator, "creator must not be null");
        CompletableFuture<SnapshotId> creation = new CompletableFuture<>();
        CompletableFuture<SnapshotId> running =
                flaw == Flaw.CREATES_CONCURRENTLY ? null : creations.putIfAbsent(key, creation);
        if (running != null) {
            locked(key, () -> {
                model().countMiss();
                return null;
            });
            try {
                return running.join();
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
            List<Eviction> removals = apply(() -> {
                model().put(key(key), created);
                return null;
            }).removals();
            creation.complete(created);
            deliver(removals);
            return created;
        } catch (RuntimeException | Error failure) {
            creation.completeExceptionally(failure);
            throw failure;
        } finally {
            creations.remove(key, creation);
        }
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        return locked(key, () -> model().invalidate(key(key)));
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
        return deliver(locked("", () -> model().pending()));
    }

    @Override
    public long pendingEvictions() {
        return locked("", () -> (long) model().pending().size());
    }

    @Override
    public List<Eviction> listPendingEvictions() {
        return locked("", () -> model().pending());
    }

    @Override
    public void cleanUp() {
        locked("", () -> {
            model().cleanUp();
            return null;
        });
    }

    @Override
    public RegistryStats stats() {
        checkOpen("");
        synchronized (storage) {
            return stats;
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
        checkOpen(key);
        if (flaw == Flaw.DELIVERS_UNDER_LOCK) {
            synchronized (storage) {
                Change<T> change = apply(operation);
                deliver(change.removals());
                return change.answer();
            }
        }
        Change<T> change = apply(operation);
        deliver(change.removals());
        return change.answer();
    }

    /** An operation's answer and the removals it made. */
    private record Change<T>(T answer, List<Eviction> removals) {}

    /** Runs one operation under the lock, counting what it counted as this instance's statistics. */
    private <T> Change<T> apply(Supplier<T> operation) {
        synchronized (storage) {
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
            synchronized (storage) {
                if (!model().isPending(eviction) || !storage.delivering.add(eviction)) {
                    continue;
                }
            }
            boolean delivered = false;
            try {
                config.evictionListener().onEviction(eviction);
                delivered = true;
            } catch (Exception refused) {
                delivered = flaw == Flaw.DROPS_REFUSED_EVICTIONS;
            } finally {
                synchronized (storage) {
                    storage.delivering.remove(eviction);
                    if (delivered && model().accept(eviction)) {
                        accepted++;
                    }
                }
            }
        }
        return accepted;
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
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
