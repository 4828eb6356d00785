package io.github.snapshotregistry.postgres;

import static io.github.snapshotregistry.postgres.Rows.utf8;

import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.CounterStatements;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.EntryStatements;
import io.github.snapshotregistry.jdbi.OutboxStatements;
import io.github.snapshotregistry.jdbi.VictimRow;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.WriteDialect.Acknowledged;
import io.github.snapshotregistry.jdbi.WriteDialect.Evicted;
import io.github.snapshotregistry.jdbi.WriteDialect.Upserted;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The write engine's statements on one registry's rows: each binds the registry's id and encodes
 * keys and ids as UTF-8, on the SQL Objects of the write under way. Outbox rows are inserted claimed
 * by this host with a lease, as it delivers them right after the commit.
 */
final class RegistryStatements implements EntryStatements, OutboxStatements, CounterStatements {

    private final EntryTable entries;
    private final PendingEvictionTable outbox;
    private final RegistryTable registries;
    private final long registry;
    private final long leaseMillis;
    /**
     * Where evictions search from: the number of the last entry that a committed write of this
     * instance evicted, below which no entry is numbered (see {@link EntryTable#VICTIM}); 0 to
     * search from the first. Read and written under the instance's write lock.
     */
    private long leastSeq;
    /** The number of the last entry the write under way evicted, 0 if none. */
    private long evictedSeq;

    RegistryStatements(EntryTable entries, PendingEvictionTable outbox, RegistryTable registries, long registry,
            long leaseMillis) {
        this.entries = entries;
        this.outbox = outbox;
        this.registries = registries;
        this.registry = registry;
        this.leaseMillis = leaseMillis;
    }

    /**
     * Maps a key to an id and cancels the id's pending removals, in one statement (see {@link
     * io.github.snapshotregistry.jdbi.WriteDialect#upsert}).
     */
    Upserted upsert(String key, String snapshotId, long weight, long lastAccess) {
        return entries.upsert(registry, utf8(key), utf8(snapshotId), weight, lastAccess);
    }

    /**
     * Locks the registry's row and deletes the accepted outbox rows, in one statement (see {@link
     * io.github.snapshotregistry.jdbi.WriteDialect#acknowledgeReadingCounters}).
     */
    Acknowledged lock(List<PendingRow> accepted) {
        return registries.lock(registry, accepted.stream().mapToLong(PendingRow::seq).toArray());
    }

    @Override
    public Optional<EntryRow> find(String key) {
        return entries.find(registry, utf8(key));
    }

    @Override
    public String touchUnexpired(String key, long lastAccess, long cutoff) {
        return entries.touchUnexpired(registry, utf8(key), lastAccess, cutoff)
                .map(EntryTable.Access::snapshotId)
                .map(SnapshotId::value)
                .orElse(null);
    }

    @Override
    public int insertIfAbsent(String key, String snapshotId, long weight, long lastAccess) {
        return entries.insertIfAbsent(registry, utf8(key), utf8(snapshotId), weight, lastAccess);
    }

    @Override
    public EntryRow replace(String key, String snapshotId, long weight, long lastAccess) {
        return entries.replace(registry, utf8(key), utf8(snapshotId), weight, lastAccess);
    }

    @Override
    public void delete(String key) {
        entries.delete(registry, utf8(key));
    }

    @Override
    public List<EntryRow> deleteExpired(long cutoff) {
        return entries.deleteAccessedUntil(registry, cutoff);
    }

    /** {@inheritDoc} A victim that a concurrent get hit moved meanwhile is taken again. */
    @Override
    public Optional<VictimRow> deleteLeastRecentlyUsed() {
        return untilAVictimOrNone(() -> entries.deleteLeastRecentlyUsed(registry, leastSeq), VictimRow::entry);
    }

    /**
     * Evicts the least recently used entry and offers it unless its id is still mapped, in one
     * statement (see {@link io.github.snapshotregistry.jdbi.WriteDialect#evictLeastRecentlyUsed}).
     */
    Optional<Evicted> evictLeastRecentlyUsed() {
        return untilAVictimOrNone(() -> entries.evictLeastRecentlyUsed(registry, leastSeq, leaseMillis), Evicted::entry);
    }

    /**
     * Ends a write of this instance: after a commit, the next evictions search from its last
     * victim on; after a rollback its victims are back, and the search stays where it was.
     */
    void ended(boolean committed) {
        if (committed) {
            leastSeq = Math.max(leastSeq, evictedSeq);
        }
        evictedSeq = 0;
    }

    /**
     * Runs an eviction again while it deleted nothing because a concurrent get hit moved its entry:
     * it is empty only when the registry has no entry left. A retry searches from the first number,
     * so that entries numbered below the start (a sequence set back by hand) cannot make it spin.
     * Remembers the victim's number for {@link #ended}.
     */
    private <V> Optional<V> untilAVictimOrNone(Supplier<Optional<V>> eviction, Function<V, EntryRow> entry) {
        while (true) {
            Optional<V> victim = eviction.get();
            if (victim.isPresent()) {
                evictedSeq = entry.apply(victim.get()).accessSeq();
                return victim;
            }
            if (!entries.any(registry)) {
                return victim;
            }
            leastSeq = 0;
        }
    }

    @Override
    public List<EntryRow> deleteOldest(long through, int limit) {
        return entries.deleteAccessedUpTo(registry, through, limit);
    }

    @Override
    public boolean maps(String snapshotId) {
        return entries.maps(registry, utf8(snapshotId));
    }

    @Override
    public long insert(String key, String snapshotId, long weight, String cause) {
        return outbox.insertClaimed(registry, utf8(key), utf8(snapshotId), weight, cause, leaseMillis);
    }

    @Override
    public int cancel(String snapshotId) {
        return outbox.cancel(registry, utf8(snapshotId));
    }

    @Override
    public int delete(long seq, String snapshotId) {
        return outbox.delete(registry, seq);
    }

    /** {@inheritDoc} Here it also locks the registry's row, for the rest of the transaction. */
    @Override
    public CounterRow read() {
        return lock(List.of()).counters();
    }

    @Override
    public void update(long entryCount, long totalWeight, long pendingCount) {
        registries.update(registry, entryCount, totalWeight, pendingCount);
    }
}
