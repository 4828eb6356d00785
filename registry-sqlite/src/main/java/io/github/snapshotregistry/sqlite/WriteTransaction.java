package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.Expiry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The steps of one write operation inside its transaction, which holds the file's write lock. It
 * reads the counters the first time a step changes them, keeps them up to date, writes them back
 * in {@link #outcome}, and puts in the outbox every id that a step left unmapped.
 */
final class WriteTransaction {

    private final EntryTable entries;
    private final PendingEvictionTable outbox;
    private final StateTable state;
    private final RegistryConfig config;
    private final Expiry expiry;
    private final long now;
    private StateRow before;
    private long entryCount;
    private long totalWeight;
    private long pendingCount;
    private final List<PendingRow> removals = new ArrayList<>();
    private long evictedCount;
    private long evictedWeight;

    WriteTransaction(Database database, RegistryConfig config, Expiry expiry) {
        this.entries = database.entries();
        this.outbox = database.outbox();
        this.state = database.state();
        this.config = config;
        this.expiry = expiry;
        this.now = config.clock().millis();
    }

    /** Finds a key's entry, expired or not. */
    Optional<EntryRow> find(String key) {
        return entries.find(key);
    }

    /**
     * Reads a key as an access: a live entry becomes the most recently used; an expired one is
     * removed ({@link RemovalCause#EXPIRED}) and not returned.
     */
    Optional<SnapshotId> access(String key) {
        Optional<SnapshotId> live = Optional.ofNullable(entries.touchUnexpired(key, now, expiry.cutoff(now)))
                .map(SnapshotId::of);
        if (live.isEmpty() && config.expireAfterAccess().isPresent()) {
            entries.find(key).ifPresent(expired -> remove(expired, RemovalCause.EXPIRED));
        }
        return live;
    }

    /** Removes the entry ({@link RemovalCause#EXPIRED}) if it has expired; tells whether it did. */
    boolean removeIfExpired(EntryRow row) {
        boolean expired = expiry.isExpired(row.lastAccess(), now);
        if (expired) {
            remove(row, RemovalCause.EXPIRED);
        }
        return expired;
    }

    /**
     * Removes every expired entry ({@link RemovalCause#EXPIRED}), walking from the least recently
     * used end up to the first live entry. While the clock does not go back, recency order is also
     * last-access order, so every expired entry is found; after the clock goes back, an expired
     * entry behind a live one waits for a read that meets it or for the entries before it to expire.
     */
    void purgeExpired() {
        if (config.expireAfterAccess().isEmpty()) {
            return;
        }
        Optional<EntryRow> oldest = entries.leastRecentlyUsed();
        while (oldest.isPresent() && expiry.isExpired(oldest.get().lastAccess(), now)) {
            remove(oldest.get(), RemovalCause.EXPIRED);
            oldest = entries.leastRecentlyUsed();
        }
    }

    /**
     * Maps a key to an id as the most recently used entry. A different id that the key mapped is
     * removed ({@link RemovalCause#REPLACED}); pending removals of {@code id} are cancelled, this
     * operation's own included.
     */
    void put(String key, SnapshotId id, long weight) {
        counters();
        Optional<EntryRow> old = Optional.empty();
        if (entries.insertIfAbsent(key, id.value(), weight, now) == 1) {
            entryCount++;
        } else {
            old = entries.find(key);
            entries.update(key, id.value(), weight, now);
            totalWeight -= old.orElseThrow().weight();
        }
        totalWeight += weight;
        old.filter(replaced -> !replaced.snapshotId().equals(id))
                .ifPresent(replaced -> offerIfUnmapped(replaced, RemovalCause.REPLACED));
        if (pendingCount > 0) {
            int cancelled = outbox.cancel(id.value());
            pendingCount -= cancelled;
            if (cancelled > 0) {
                removals.removeIf(pending -> pending.eviction().snapshotId().equals(id));
            }
        }
    }

    /** Deletes outbox rows that a listener accepted; those gone already (delivered elsewhere, or cancelled) are skipped. */
    void deleteAccepted(List<PendingRow> rows) {
        for (PendingRow row : rows) {
            counters();
            pendingCount -= outbox.delete(row.seq(), row.eviction().snapshotId().value());
        }
    }

    /** Removes one entry with a cause. */
    void remove(EntryRow row, RemovalCause cause) {
        entries.delete(row.key());
        deleted(List.of(row), removed -> cause);
    }

    /**
     * Removes up to {@code limit} entries, least recently used first, among those last accessed at
     * access number {@code through} or before: the expired ones with {@link RemovalCause#EXPIRED},
     * the others with {@code cause}.
     *
     * @return how many it removed; fewer than {@code limit} when no such entry is left
     */
    int removeOldest(int limit, long through, RemovalCause cause) {
        List<EntryRow> rows = entries.deleteOldest(through, limit);
        deleted(rows, row -> expiry.isExpired(row.lastAccess(), now) ? RemovalCause.EXPIRED : cause);
        return rows.size();
    }

    /** Evicts least recently used entries ({@link RemovalCause#CAPACITY}) until the bounds hold. */
    void evictToBounds() {
        long maxEntries = config.maxEntries().orElse(Long.MAX_VALUE);
        long maxWeight = config.maxWeight().orElse(Long.MAX_VALUE);
        counters();
        while (entryCount > maxEntries || totalWeight > maxWeight) {
            Optional<VictimRow> victim = entries.deleteLeastRecentlyUsed();
            if (victim.isEmpty()) {
                return;
            }
            EntryRow row = victim.get().entry();
            counted(row, RemovalCause.CAPACITY);
            if (!victim.get().stillMapped()) {
                offer(row, RemovalCause.CAPACITY);
            }
        }
    }

    /** Writes the counters back if they changed, and tells what the operation answered and removed. */
    <T> Outcome<T> outcome(String operation, T value) {
        if (before != null && !before.equals(new StateRow(entryCount, totalWeight, pendingCount))) {
            state.update(entryCount, totalWeight, pendingCount);
        }
        return new Outcome<>(operation, value, List.copyOf(removals), evictedCount, evictedWeight);
    }

    /** Reads the counters, once per transaction, before a step first changes or compares them. */
    private void counters() {
        if (before == null) {
            before = state.read();
            entryCount = before.entryCount();
            totalWeight = before.totalWeight();
            pendingCount = before.pendingCount();
        }
    }

    /**
     * Accounts for rows that one statement deleted. They are taken least recently used first; an id
     * that several of them mapped is left unmapped by the last of those, whose key, weight and place
     * in the order its delivery takes.
     */
    private void deleted(List<EntryRow> rows, Function<EntryRow, RemovalCause> causeOf) {
        Map<SnapshotId, EntryRow> lastOfEachId = new LinkedHashMap<>();
        counters();
        rows.stream().sorted(Comparator.comparingLong(EntryRow::accessSeq)).forEach(row -> {
            counted(row, causeOf.apply(row));
            lastOfEachId.remove(row.snapshotId());
            lastOfEachId.put(row.snapshotId(), row);
        });
        lastOfEachId.values().forEach(row -> offerIfUnmapped(row, causeOf.apply(row)));
    }

    /** Takes a deleted entry off the counters (read already), and counts it as evicted if its cause is one. */
    private void counted(EntryRow row, RemovalCause cause) {
        entryCount--;
        totalWeight -= row.weight();
        if (cause.wasEvicted()) {
            evictedCount++;
            evictedWeight += row.weight();
        }
    }

    /** Puts a removed entry's id in the outbox unless another entry still maps it. */
    private void offerIfUnmapped(EntryRow row, RemovalCause cause) {
        if (!entries.maps(row.snapshotId().value())) {
            offer(row, cause);
        }
    }

    /** Puts a removed entry's id in the outbox: no entry maps it any more. */
    private void offer(EntryRow row, RemovalCause cause) {
        counters();
        pendingCount++;
        long seq = outbox.insert(row.key(), row.snapshotId().value(), row.weight(), cause.name());
        removals.add(new PendingRow(seq, new Eviction(row.key(), row.snapshotId(), row.weight(), cause)));
    }

    /**
     * What a committed write answered and removed.
     *
     * @param operation the registry operation that wrote, named by failures while delivering
     * @param value the operation's answer
     * @param removals the removals it put in the outbox, in the order it made them
     * @param evictedCount the entries it removed for capacity or expiry
     * @param evictedWeight their weight
     */
    record Outcome<T>(String operation, T value, List<PendingRow> removals, long evictedCount, long evictedWeight) {}
}
