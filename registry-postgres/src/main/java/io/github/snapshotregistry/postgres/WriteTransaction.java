package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.Expiry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import io.github.snapshotregistry.postgres.EntryTable.Upsert;
import io.github.snapshotregistry.postgres.EntryTable.Victim;

/**
 * One write operation of one registry inside one database transaction, through SQL Objects that
 * run on that transaction's handle. Creating it locks the
 * registry's row, so the counters read here stay exact until {@link #commit}; every removal goes to
 * the outbox in this same transaction, claimed by this host for delivery after the commit.
 */
final class WriteTransaction {

    private final EntryTable entries;
    private final PendingEvictionTable outbox;
    private final RegistryTable registries;
    private final long registry;
    private final RegistryConfig config;
    private final long leaseMillis;
    private final long now;
    private final Expiry expiry;
    private final CounterRow locked;
    private long entryCount;
    private long totalWeight;
    private final List<PendingRow> removals = new ArrayList<>();
    private long evictedCount;
    private long evictedWeight;

    /**
     * @param accepted outbox rows that listeners accepted since the last write; deleted once the
     *     registry's row is locked
     */
    WriteTransaction(EntryTable entries, PendingEvictionTable outbox, RegistryTable registries, long registry,
            RegistryConfig config, long leaseMillis, long[] accepted) {
        this.entries = entries;
        this.outbox = outbox;
        this.registries = registries;
        this.registry = registry;
        this.config = config;
        this.leaseMillis = leaseMillis;
        this.locked = registries.lock(registry, accepted);
        this.entryCount = locked.entryCount();
        this.totalWeight = locked.totalWeight();
        this.now = config.clock().millis();
        this.expiry = Expiry.of(config);
    }

    /** Finds a key's entry, expired or not. */
    Optional<EntryRow> find(String key) {
        return entries.find(registry, utf8(key));
    }

    /** Removes the entry if it is expired; tells whether it did. */
    boolean removeIfExpired(EntryRow row) {
        if (!expiry.isExpired(row.lastAccess(), now)) {
            return false;
        }
        remove(row, RemovalCause.EXPIRED);
        return true;
    }

    /** Removes every expired entry, least recently used first. */
    void purgeExpired() {
        if (expiry.enabled()) {
            removed(entries.deleteAccessedUntil(registry, expiry.cutoff(now)), RemovalCause.EXPIRED);
        }
    }

    /**
     * Maps a key to an id as the most recently used entry; a different id it mapped is removed
     * ({@link RemovalCause#REPLACED}) and pending removals of {@code id} are cancelled.
     */
    void put(String key, SnapshotId id, long weight) {
        Upsert upsert = entries.upsert(registry, utf8(key), utf8(id.value()), weight, now);
        if (upsert.replaced() == null) {
            entryCount++;
            totalWeight += weight;
        } else {
            totalWeight += weight - upsert.replacedWeight();
            if (!upsert.replaced().equals(id)) {
                unmapped(new EntryRow(key, upsert.replaced(), upsert.replacedWeight(), now, 0), RemovalCause.REPLACED);
            }
        }
        if (upsert.cancelled() > 0) {
            removals.removeIf(removal -> removal.eviction().snapshotId().equals(id));
        }
    }

    /** Removes one entry with a cause. */
    void remove(EntryRow row, RemovalCause cause) {
        entries.delete(registry, utf8(row.key()));
        removed(List.of(row), cause);
    }

    /**
     * Removes at most {@code limit} entries, least recently used first: expired ones ({@link
     * RemovalCause#EXPIRED}), then, with the room left, those accessed at or before {@code lastSeq}.
     *
     * @return how many it removed; fewer than {@code limit} when no such entry is left
     */
    int removeBatch(long lastSeq, int limit, RemovalCause cause) {
        List<EntryRow> expired = expiry.enabled()
                ? entries.deleteExpired(registry, expiry.cutoff(now), limit)
                : List.of();
        removed(expired, RemovalCause.EXPIRED);
        if (expired.size() == limit) {
            return limit;
        }
        List<EntryRow> rest = entries.deleteAccessedUpTo(registry, lastSeq, limit - expired.size());
        removed(rest, cause);
        return expired.size() + rest.size();
    }

    /**
     * Evicts least recently used entries ({@link RemovalCause#CAPACITY}) until the bounds hold. An
     * eviction that a concurrent get hit made miss its entry is tried again on the next least
     * recently used one.
     */
    void evictToBounds() {
        while (entryCount > config.maxEntries().orElse(Long.MAX_VALUE)
                || totalWeight > config.maxWeight().orElse(Long.MAX_VALUE)) {
            Optional<Victim> victim = entries.evictLeastRecentlyUsed(registry, leaseMillis);
            if (victim.isPresent()) {
                EntryRow row = victim.get().entry();
                entryCount--;
                totalWeight -= row.weight();
                evictedCount++;
                evictedWeight += row.weight();
                if (victim.get().seq() != 0) {
                    removals.add(new PendingRow(victim.get().seq(),
                            new Eviction(row.key(), row.snapshotId(), row.weight(), RemovalCause.CAPACITY)));
                }
            } else if (!entries.any(registry)) {
                return;
            }
        }
    }

    /** Stores the counters if they changed; the caller's transaction commits after this returns. */
    <T> Outcome<T> commit(T value) {
        if (!locked.equals(new CounterRow(entryCount, totalWeight, 0))) {
            registries.update(registry, entryCount, totalWeight);
        }
        return new Outcome<>(value, List.copyOf(removals), evictedCount, evictedWeight);
    }

    /**
     * Accounts for entries already deleted. An entry whose id a later one of them or a remaining
     * entry still maps is not delivered: the id goes to the outbox with the removal that unmaps it.
     */
    private void removed(List<EntryRow> rows, RemovalCause cause) {
        List<EntryRow> ordered = rows.stream().sorted(Comparator.comparingLong(EntryRow::accessSeq)).toList();
        boolean[] lastOfItsId = new boolean[ordered.size()];
        Set<SnapshotId> later = new HashSet<>();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            lastOfItsId[i] = later.add(ordered.get(i).snapshotId());
        }
        for (int i = 0; i < ordered.size(); i++) {
            EntryRow row = ordered.get(i);
            entryCount--;
            totalWeight -= row.weight();
            if (cause.wasEvicted()) {
                evictedCount++;
                evictedWeight += row.weight();
            }
            if (lastOfItsId[i]) {
                unmapped(row, cause);
            }
        }
    }

    private void unmapped(EntryRow row, RemovalCause cause) {
        byte[] idBytes = utf8(row.snapshotId().value());
        if (!entries.maps(registry, idBytes)) {
            long seq = outbox.insertClaimed(
                    registry, utf8(row.key()), idBytes, row.weight(), cause.name(), leaseMillis);
            removals.add(new PendingRow(seq, new Eviction(row.key(), row.snapshotId(), row.weight(), cause)));
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /**
     * What a committed write answered and removed.
     *
     * @param value the operation's answer
     * @param removals the removals it put in the outbox, claimed by this host, in order
     * @param evictedCount the entries it removed for capacity or expiry
     * @param evictedWeight their weight
     */
    record Outcome<T>(T value, List<PendingRow> removals, long evictedCount, long evictedWeight) {}
}
