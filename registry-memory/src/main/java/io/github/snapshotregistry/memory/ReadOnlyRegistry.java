package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What {@link MemoryRegistryProvider#inspect} opens: a registry whose reading methods answer from
 * another one and whose writing methods throw {@link UnsupportedOperationException}.
 */
final class ReadOnlyRegistry implements SnapshotRegistry {

    private final SnapshotRegistry registry;

    ReadOnlyRegistry(SnapshotRegistry registry) {
        this.registry = registry;
    }

    /** Throws, after checking that the registry is open, as every call does first. */
    private <T> T refuse() {
        registry.size();
        throw new UnsupportedOperationException("this memory registry was opened for inspection only");
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        return refuse();
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        return registry.peek(key);
    }

    @Override
    public void put(String key, SnapshotId id) {
        refuse();
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        refuse();
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        return refuse();
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        return refuse();
    }

    @Override
    public boolean invalidate(String key, SnapshotId id) {
        return refuse();
    }

    @Override
    public void invalidateAll() {
        refuse();
    }

    @Override
    public long size() {
        return registry.size();
    }

    @Override
    public long totalWeight() {
        return registry.totalWeight();
    }

    @Override
    public List<RegistryEntry> entries() {
        return registry.entries();
    }

    @Override
    public Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        return registry.streamEntries(order);
    }

    @Override
    public int deliverPendingEvictions() {
        return refuse();
    }

    @Override
    public long pendingEvictions() {
        return registry.pendingEvictions();
    }

    @Override
    public List<Eviction> listPendingEvictions() {
        return registry.listPendingEvictions();
    }

    @Override
    public List<String> checkStorage() {
        return registry.checkStorage();
    }

    @Override
    public Reconciliation reconcile(Stream<StoredSnapshot> store, Duration gracePeriod) {
        return registry.reconcile(store, gracePeriod);
    }

    @Override
    public Optional<StorageSchema> storageSchema() {
        return registry.storageSchema();
    }

    @Override
    public InstantSource clock() {
        return registry.clock();
    }

    @Override
    public void cleanUp() {
        refuse();
    }

    @Override
    public RegistryStats stats() {
        return registry.stats();
    }

    @Override
    public void close() {
        registry.close();
    }
}
