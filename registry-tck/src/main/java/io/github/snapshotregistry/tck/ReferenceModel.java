package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The contract as the simplest program that keeps it: a single-threaded registry whose every
 * operation is written the way the rules read, with no regard for cost. The model-based test runs
 * an adapter and this model side by side and compares them after every step.
 *
 * <p>Each operation records the removals that must reach the listener (its own, in order); {@link
 * #takeRemovals()} hands them out. They are pending from the moment they are made until {@link
 * #accept} is called for them, which is how a listener's refusal leaves one pending.
 */
final class ReferenceModel {

    private final RegistryConfig config;
    private final LinkedHashMap<String, RegistryEntry> entries = new LinkedHashMap<>();
    private final LinkedHashMap<SnapshotId, Eviction> pending = new LinkedHashMap<>();
    private final List<Eviction> removals = new ArrayList<>();
    private long hits;
    private long misses;
    private long puts;
    private long evictionCount;
    private long evictionWeight;

    ReferenceModel(RegistryConfig config) {
        this.config = config;
    }

    /**
     * The same storage opened again with another configuration: entries (least recently used
     * first, as {@code readBack} returns them: the identity, or a self-test's adapter losing part of
     * them) and pending evictions kept, statistics zero, the new bounds enforced.
     */
    ReferenceModel reopen(RegistryConfig newConfig, UnaryOperator<List<RegistryEntry>> readBack) {
        ReferenceModel reopened = new ReferenceModel(newConfig);
        readBack.apply(List.copyOf(entries.values())).forEach(entry -> reopened.entries.put(entry.key(), entry));
        reopened.pending.putAll(pending);
        reopened.evictToBounds(null);
        return reopened;
    }

    Optional<SnapshotId> get(String key) {
        Optional<SnapshotId> found = peek(key);
        if (found.isPresent()) {
            hits++;
            RegistryEntry entry = entries.get(key);
            entries.remove(key);
            entries.put(key, accessed(key, entry.snapshotId(), entry.weight()));
        } else {
            misses++;
        }
        return found;
    }

    Optional<SnapshotId> peek(String key) {
        RegistryArguments.checkKey(key);
        RegistryEntry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (isExpired(entry)) {
            remove(entry, RemovalCause.EXPIRED);
            return Optional.empty();
        }
        return Optional.of(entry.snapshotId());
    }

    void put(String key, SnapshotId id) {
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        store(key, id, RegistryArguments.weigh(config, key, id));
        puts++;
    }

    void put(String key, SnapshotId id, long weight) {
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        RegistryArguments.checkWeight(weight, config);
        store(key, id, weight);
        puts++;
    }

    /**
     * The first half of {@code computeIfAbsent}: the answer when the key is present (a hit), or
     * empty when the creator must run (an expired entry is removed; the miss is not yet counted).
     * The second half is {@link #put(String, SnapshotId)} of what the creator made.
     */
    Optional<SnapshotId> computePresent(String key) {
        return peek(key).isPresent() ? get(key) : Optional.empty();
    }

    /** Counts a {@code computeIfAbsent} that found nothing: its creator ran, or it waited for one. */
    void countMiss() {
        misses++;
    }

    Optional<SnapshotId> invalidate(String key) {
        RegistryArguments.checkKey(key);
        purgeExpired();
        RegistryEntry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        remove(entry, RemovalCause.EXPLICIT);
        return Optional.of(entry.snapshotId());
    }

    boolean invalidate(String key, SnapshotId id) {
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        purgeExpired();
        RegistryEntry entry = entries.get(key);
        if (entry == null || !entry.snapshotId().equals(id)) {
            return false;
        }
        remove(entry, RemovalCause.EXPLICIT);
        return true;
    }

    /** What {@code reconcile} answers for a store that lists each id once, in order. */
    Reconciliation reconcile(List<StoredSnapshot> store, Duration gracePeriod) {
        Instant oldest = config.clock().instant().minus(gracePeriod);
        Set<SnapshotId> stored = store.stream().map(StoredSnapshot::id).collect(Collectors.toSet());
        List<SnapshotId> orphans = store.stream()
                .filter(snapshot -> !maps(snapshot.id()) && !pending.containsKey(snapshot.id()))
                .filter(snapshot -> !snapshot.lastModified().isAfter(oldest))
                .map(StoredSnapshot::id)
                .toList();
        List<RegistryEntry> missing = entries.values().stream()
                .filter(entry -> !stored.contains(entry.snapshotId()))
                .toList();
        return new Reconciliation(orphans, missing);
    }

    void invalidateAll() {
        purgeExpired();
        for (RegistryEntry entry : List.copyOf(entries.values())) {
            remove(entry, RemovalCause.EXPLICIT);
        }
    }

    void cleanUp() {
        purgeExpired();
    }

    /** The removals made since the last call, in order: what the listener must now be offered. */
    List<Eviction> takeRemovals() {
        List<Eviction> taken = List.copyOf(removals);
        removals.clear();
        return taken;
    }

    /**
     * Records that the listener accepted an eviction.
     *
     * @return false if it was no longer pending (its id was stored again meanwhile)
     */
    boolean accept(Eviction eviction) {
        return pending.remove(eviction.snapshotId(), eviction);
    }

    boolean isPending(Eviction eviction) {
        return eviction.equals(pending.get(eviction.snapshotId()));
    }

    List<Eviction> pending() {
        return List.copyOf(pending.values());
    }

    List<RegistryEntry> entries() {
        return List.copyOf(entries.values());
    }

    long size() {
        return entries.size();
    }

    long totalWeight() {
        return entries.values().stream().mapToLong(RegistryEntry::weight).sum();
    }

    private boolean maps(SnapshotId id) {
        return entries.values().stream().anyMatch(entry -> entry.snapshotId().equals(id));
    }

    private boolean isExpired(RegistryEntry entry) {
        return config.expireAfterAccess()
                .map(d -> config.clock().millis() - entry.lastAccess().toEpochMilli() >= d.toMillis())
                .orElse(false);
    }

    RegistryStats stats() {
        return new RegistryStats(hits, misses, puts, evictionCount, evictionWeight);
    }

    private void store(String key, SnapshotId id, long weight) {
        purgeExpired();
        RegistryEntry old = entries.remove(key);
        if (old != null && !old.snapshotId().equals(id)) {
            removed(old, RemovalCause.REPLACED);
        }
        entries.put(key, accessed(key, id, weight));
        pending.remove(id);
        removals.removeIf(removal -> removal.snapshotId().equals(id));
        evictToBounds(key);
    }

    private void purgeExpired() {
        for (RegistryEntry entry : List.copyOf(entries.values())) {
            if (isExpired(entry)) {
                remove(entry, RemovalCause.EXPIRED);
            }
        }
    }

    private void evictToBounds(String justWritten) {
        while (size() > config.maxEntries().orElse(Long.MAX_VALUE)
                || totalWeight() > config.maxWeight().orElse(Long.MAX_VALUE)) {
            RegistryEntry eldest = entries.values().stream()
                    .filter(entry -> !entry.key().equals(justWritten))
                    .findFirst()
                    .orElseThrow();
            remove(eldest, RemovalCause.CAPACITY);
        }
    }

    private void remove(RegistryEntry entry, RemovalCause cause) {
        entries.remove(entry.key());
        removed(entry, cause);
    }

    private void removed(RegistryEntry entry, RemovalCause cause) {
        if (cause.wasEvicted()) {
            evictionCount++;
            evictionWeight += entry.weight();
        }
        if (!maps(entry.snapshotId())) {
            Eviction eviction =
                    new Eviction(entry.key(), entry.snapshotId(), entry.weight(), cause);
            pending.put(entry.snapshotId(), eviction);
            removals.add(eviction);
        }
    }

    private RegistryEntry accessed(String key, SnapshotId id, long weight) {
        Instant now = config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
        return new RegistryEntry(key, id, weight, now);
    }

    @Override
    public String toString() {
        return "entries " + entries.values() + ", pending " + pending.keySet();
    }
}
