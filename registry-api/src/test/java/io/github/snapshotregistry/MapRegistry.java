package io.github.snapshotregistry;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The port's own test double: the abstract methods only, over a map in recency order and without
 * bounds, so that the port's default methods are tested on them. Removals stay pending (no
 * listener); {@link #listPendingEvictions()} lists them unless made with {@code listable} false.
 */
class MapRegistry implements SnapshotRegistry {

    private final Map<String, RegistryEntry> entries = new LinkedHashMap<>();
    private final List<Eviction> pending = new ArrayList<>();
    private final boolean listable;
    private boolean closed;

    MapRegistry(boolean listable) {
        this.listable = listable;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registry is closed");
        }
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        checkOpen();
        RegistryEntry entry = entries.remove(RegistryArguments.checkKey(key));
        if (entry == null) {
            return Optional.empty();
        }
        entries.put(key, entry);
        return Optional.of(entry.snapshotId());
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        checkOpen();
        return Optional.ofNullable(entries.get(RegistryArguments.checkKey(key))).map(RegistryEntry::snapshotId);
    }

    @Override
    public void put(String key, SnapshotId id) {
        put(key, id, 1);
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        checkOpen();
        RegistryEntry old = entries.remove(RegistryArguments.checkKey(key));
        entries.put(key, new RegistryEntry(key, RegistryArguments.checkId(id), weight, Instant.EPOCH));
        if (old != null && !old.snapshotId().equals(id)) {
            pending.add(new Eviction(key, old.snapshotId(), old.weight(), RemovalCause.REPLACED));
        }
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        return get(key).orElseGet(() -> {
            SnapshotId id = creator.apply(key);
            put(key, id);
            return id;
        });
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        checkOpen();
        RegistryEntry old = entries.remove(RegistryArguments.checkKey(key));
        if (old == null) {
            return Optional.empty();
        }
        pending.add(new Eviction(key, old.snapshotId(), old.weight(), RemovalCause.EXPLICIT));
        return Optional.of(old.snapshotId());
    }

    @Override
    public void invalidateAll() {
        List.copyOf(entries.keySet()).forEach(this::invalidate);
    }

    @Override
    public long size() {
        checkOpen();
        return entries.size();
    }

    @Override
    public long totalWeight() {
        checkOpen();
        return entries.values().stream().mapToLong(RegistryEntry::weight).sum();
    }

    @Override
    public List<RegistryEntry> entries() {
        checkOpen();
        return List.copyOf(entries.values());
    }

    @Override
    public int deliverPendingEvictions() {
        checkOpen();
        return 0;
    }

    @Override
    public long pendingEvictions() {
        checkOpen();
        return pending.size();
    }

    @Override
    public List<Eviction> listPendingEvictions() {
        checkOpen();
        return listable ? List.copyOf(pending) : SnapshotRegistry.super.listPendingEvictions();
    }

    @Override
    public void cleanUp() {
        checkOpen();
    }

    @Override
    public RegistryStats stats() {
        checkOpen();
        return new RegistryStats(0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A registry like this one whose clock reads {@code now}. */
    static MapRegistry at(Instant now) {
        return new MapRegistry(true) {
            @Override
            public InstantSource clock() {
                return InstantSource.fixed(now);
            }
        };
    }
}
