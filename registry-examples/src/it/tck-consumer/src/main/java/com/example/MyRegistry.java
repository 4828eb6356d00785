package com.example;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** A third party's adapter: its storage is an in-memory registry it forwards every call to. */
public class MyRegistry implements SnapshotRegistry {

    private final SnapshotRegistry storage;

    public MyRegistry(RegistryConfig config) {
        this.storage = new InMemorySnapshotRegistry(config);
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        return storage.get(key);
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        return storage.peek(key);
    }

    @Override
    public void put(String key, SnapshotId id) {
        storage.put(key, id);
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        storage.put(key, id, weight);
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        return storage.computeIfAbsent(key, creator);
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        return storage.invalidate(key);
    }

    @Override
    public boolean invalidate(String key, SnapshotId id) {
        return storage.invalidate(key, id);
    }

    @Override
    public void invalidateAll() {
        storage.invalidateAll();
    }

    @Override
    public long size() {
        return storage.size();
    }

    @Override
    public long totalWeight() {
        return storage.totalWeight();
    }

    @Override
    public List<RegistryEntry> entries() {
        return storage.entries();
    }

    @Override
    public Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        return storage.streamEntries(order);
    }

    @Override
    public int deliverPendingEvictions() {
        return storage.deliverPendingEvictions();
    }

    @Override
    public long pendingEvictions() {
        return storage.pendingEvictions();
    }

    @Override
    public List<Eviction> listPendingEvictions() {
        return storage.listPendingEvictions();
    }

    @Override
    public void cleanUp() {
        storage.cleanUp();
    }

    @Override
    public RegistryStats stats() {
        return storage.stats();
    }

    @Override
    public InstantSource clock() {
        return storage.clock();
    }

    @Override
    public void close() {
        storage.close();
    }
}
