package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The steps of one write operation, inside the adapter's write transaction, over the adapter's
 * {@link WriteDialect}. It reads the counters row the first time a step needs it, keeps it exact,
 * and writes it back in {@link #commit} only if it changed. Every removal is offered (put in the
 * outbox) by the step that makes it, if no key maps its id any more: an id that several removed
 * entries map is offered once, by the last removal that unmaps it. Putting an id cancels its
 * pending removals, this write's own included. The cost of each step is linear in the rows it
 * removes.
 *
 * <p>Create one per write transaction, use it on the transaction's thread, and commit the
 * transaction after {@link #commit} returns.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class WriteSteps {

    private static final Comparator<EntryRow> LEAST_RECENT_FIRST = Comparator.comparingLong(EntryRow::accessSeq);

    private final WriteDialect dialect;
    private final EntryStatements entries;
    private final OutboxStatements outbox;
    private final CounterStatements counters;
    private final RegistryConfig config;
    private final Expiry expiry;
    private final long now;
    private CounterRow before;
    private long entryCount;
    private long totalWeight;
    private long pendingCount;
    private final List<PendingRow> removals = new ArrayList<>();
    private long evictedCount;
    private long evictedWeight;

    /**
     * Starts the steps of one write; reads the configuration's clock once, for all of them.
     *
     * @param dialect the statements, on the write transaction's connection
     * @param config the registry's bounds and clock
     * @param expiry the registry's expiry rule
     */
    public WriteSteps(WriteDialect dialect, RegistryConfig config, Expiry expiry) {
        this.dialect = dialect;
        this.entries = dialect.entries();
        this.outbox = dialect.outbox();
        this.counters = dialect.counters();
        this.config = config;
        this.expiry = expiry;
        this.now = config.clock().millis();
    }

    /**
     * Finds a key's entry, expired or not.
     *
     * @param key the key
     * @return its entry, or empty
     */
    public Optional<EntryRow> find(String key) {
        return entries.find(key);
    }

    /**
     * Reads a key as an access: a live entry becomes the most recently used; an expired one is
     * removed ({@link RemovalCause#EXPIRED}) and not returned.
     *
     * @param key the key
     * @return the id of the key's live entry, or empty
     */
    public Optional<SnapshotId> access(String key) {
        String live = entries.touchUnexpired(key, now, expiry.cutoff(now));
        if (live == null && expiry.enabled()) {
            entries.find(key).ifPresent(expired -> remove(expired, RemovalCause.EXPIRED));
        }
        return live == null ? Optional.empty() : Optional.of(SnapshotId.of(live));
    }

    /**
     * Removes an entry ({@link RemovalCause#EXPIRED}) if it has expired.
     *
     * @param row the entry, as found in this write
     * @return true if it had expired and was removed
     */
    public boolean removeIfExpired(EntryRow row) {
        boolean expired = expiry.isExpired(row.lastAccess(), now);
        if (expired) {
            remove(row, RemovalCause.EXPIRED);
        }
        return expired;
    }

    /**
     * Removes the expired entries ({@link RemovalCause#EXPIRED}): at least those from the least
     * recently used end up to the first live one (see {@link EntryStatements#deleteExpired}).
     */
    public void purgeExpired() {
        if (expiry.enabled()) {
            deleted(entries.deleteExpired(expiry.cutoff(now)), RemovalCause.EXPIRED);
        }
    }

    /**
     * Maps a key to an id as the most recently used entry. A different id that the key mapped is
     * removed ({@link RemovalCause#REPLACED}); pending removals of {@code id} are cancelled, this
     * write's own included (the cancelling statement is skipped when the outbox is empty).
     *
     * @param key the key
     * @param id the id
     * @param weight the entry's weight, checked already
     */
    public void put(String key, SnapshotId id, long weight) {
        counters();
        WriteDialect.Upserted upserted = dialect.upsert(key, id.value(), weight, now, pendingCount > 0);
        if (upserted.replaced().isEmpty()) {
            entryCount++;
        } else {
            EntryRow old = upserted.replaced().get();
            totalWeight -= old.weight();
            if (!old.snapshotId().equals(id)) {
                offerIfUnmapped(old, RemovalCause.REPLACED);
            }
        }
        totalWeight += weight;
        pendingCount -= upserted.cancelled();
        if (upserted.cancelled() > 0) {
            removals.removeIf(pending -> pending.eviction().snapshotId().equals(id));
        }
    }

    /**
     * The steps of a put (rule 5, then 2 and 4): removes the expired entries, maps the key, and
     * evicts down to the bounds.
     *
     * @param key the key
     * @param id the id
     * @param weight the entry's weight, checked already
     */
    public void store(String key, SnapshotId id, long weight) {
        purgeExpired();
        put(key, id, weight);
        evictToBounds();
    }

    /**
     * The steps of an invalidation: removes the expired entries, then the key's entry ({@link
     * RemovalCause#EXPLICIT}) if its id passes {@code which}.
     *
     * @param key the key
     * @param which which ids to remove
     * @return the removed entry's id, or empty if the key had no live entry or its id did not pass
     */
    public Optional<SnapshotId> invalidate(String key, Predicate<SnapshotId> which) {
        purgeExpired();
        Optional<EntryRow> row = entries.find(key).filter(found -> which.test(found.snapshotId()));
        row.ifPresent(found -> remove(found, RemovalCause.EXPLICIT));
        return row.map(EntryRow::snapshotId);
    }

    /**
     * Removes one entry.
     *
     * @param row the entry, as found in this write
     * @param cause why
     */
    public void remove(EntryRow row, RemovalCause cause) {
        entries.delete(row.key());
        counters();
        counted(row, cause);
        offerIfUnmapped(row, cause);
    }

    /**
     * Removes up to {@code limit} entries, least recently used first, among those at recency
     * {@code through} or before: the expired ones with {@link RemovalCause#EXPIRED}, the others
     * with {@code cause}.
     *
     * @param limit the most entries to remove
     * @param through the most recent {@code accessSeq} to remove, as the storage answered it
     * @param cause the cause of the live ones
     * @return how many it removed; fewer than {@code limit} when no such entry is left
     */
    public int removeOldest(int limit, long through, RemovalCause cause) {
        List<EntryRow> rows = entries.deleteOldest(through, limit);
        deleted(rows, cause);
        return rows.size();
    }

    /** Evicts least recently used entries ({@link RemovalCause#CAPACITY}) until the bounds hold. */
    public void evictToBounds() {
        long maxEntries = config.maxEntries().orElse(Long.MAX_VALUE);
        long maxWeight = config.maxWeight().orElse(Long.MAX_VALUE);
        counters();
        while (entryCount > maxEntries || totalWeight > maxWeight) {
            Optional<WriteDialect.Evicted> victim = dialect.evictLeastRecentlyUsed();
            if (victim.isEmpty()) {
                return;
            }
            EntryRow row = victim.get().entry();
            counted(row, RemovalCause.CAPACITY);
            if (victim.get().seq() != 0) {
                offered(row, RemovalCause.CAPACITY, victim.get().seq());
            }
        }
    }

    /**
     * Acknowledges removals that a listener accepted: deletes their outbox rows, skipping those gone
     * already (delivered elsewhere, or cancelled). Called first in a write, it lets the dialect fold
     * this into the statement that reads the counters ({@link
     * WriteDialect#acknowledgeReadingCounters}).
     *
     * @param accepted the rows
     */
    public void acknowledge(List<PendingRow> accepted) {
        if (before == null) {
            Optional<WriteDialect.Acknowledged> folded = dialect.acknowledgeReadingCounters(accepted);
            if (folded.isPresent()) {
                read(folded.get().counters());
                pendingCount -= folded.get().deleted();
                return;
            }
        }
        for (PendingRow row : accepted) {
            counters();
            pendingCount -= outbox.delete(row.seq(), row.eviction().snapshotId().value());
        }
    }

    /**
     * Ends the steps: writes the counters row back if it changed. The adapter commits its
     * transaction after this returns.
     *
     * @param <T> the type of the operation's answer
     * @param operation the registry operation that wrote, named by failures while delivering
     * @param value the operation's answer
     * @return what the write answered and removed
     */
    public <T> Outcome<T> commit(String operation, T value) {
        if (before != null && !before.equals(new CounterRow(entryCount, totalWeight, pendingCount))) {
            counters.update(entryCount, totalWeight, pendingCount);
        }
        return new Outcome<>(operation, value, List.copyOf(removals), evictedCount, evictedWeight);
    }

    /** Reads the counters, once per write, before a step first changes or compares them. */
    private void counters() {
        if (before == null) {
            read(counters.read());
        }
    }

    private void read(CounterRow stored) {
        before = stored;
        entryCount = stored.entryCount();
        totalWeight = stored.totalWeight();
        pendingCount = stored.pendingCount();
    }

    /**
     * Accounts for rows that one statement deleted: the expired ones as {@link
     * RemovalCause#EXPIRED}, the others as {@code cause}. They are taken least recently used first;
     * an id that several of them mapped is left unmapped by the last of those, whose key, weight
     * and place in the order its offer takes.
     */
    private void deleted(List<EntryRow> rows, RemovalCause cause) {
        counters();
        List<EntryRow> ordered = new ArrayList<>(rows);
        ordered.sort(LEAST_RECENT_FIRST);
        Map<SnapshotId, EntryRow> lastOfEachId = new LinkedHashMap<>();
        for (EntryRow row : ordered) {
            counted(row, causeOf(row, cause));
            lastOfEachId.remove(row.snapshotId());
            lastOfEachId.put(row.snapshotId(), row);
        }
        for (EntryRow row : lastOfEachId.values()) {
            offerIfUnmapped(row, causeOf(row, cause));
        }
    }

    private RemovalCause causeOf(EntryRow row, RemovalCause otherwise) {
        return expiry.isExpired(row.lastAccess(), now) ? RemovalCause.EXPIRED : otherwise;
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

    /**
     * Offers a removed entry's id unless another entry still maps it; with no entry left (counted
     * already), none can, and the storage is not asked.
     */
    private void offerIfUnmapped(EntryRow row, RemovalCause cause) {
        if (entryCount == 0 || !entries.maps(row.snapshotId().value())) {
            offer(row, cause);
        }
    }

    /** Puts a removed entry's id in the outbox: no entry maps it any more. */
    private void offer(EntryRow row, RemovalCause cause) {
        counters();
        offered(row, cause, outbox.insert(row.key(), row.snapshotId().value(), row.weight(), cause.name()));
    }

    /** Accounts for a removal that the outbox holds now, as row {@code seq}. */
    private void offered(EntryRow row, RemovalCause cause, long seq) {
        pendingCount++;
        removals.add(new PendingRow(seq, new Eviction(row.key(), row.snapshotId(), row.weight(), cause)));
    }

    /**
     * What a committed write answered and removed.
     *
     * @param <T> the type of the answer
     * @param operation the registry operation that wrote, named by failures while delivering
     * @param value the operation's answer
     * @param removals the removals it put in the outbox, in the order it made them
     * @param evictedCount the entries it removed for capacity or expiry
     * @param evictedWeight their weight
     */
    public record Outcome<T>(String operation, T value, List<PendingRow> removals, long evictedCount,
            long evictedWeight) {}
}
