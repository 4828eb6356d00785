package io.github.snapshotregistry.jdbi;

import java.util.List;
import java.util.Optional;

/**
 * What an adapter supplies to {@link WriteSteps}: its statements on the entries table, the outbox
 * and the counters row, all on the connection of the write transaction under way. An adapter for
 * another database (MySQL, H2...) implements these three interfaces, typically as Jdbi SQL Objects,
 * and runs each write operation as: begin its transaction and take its lock, create the {@link
 * WriteSteps}, run the steps, {@link WriteSteps#commit}, commit its transaction, then deliver the
 * outcome's removals.
 *
 * <p>The {@code default} methods compose the three interfaces' statements; a dialect that can do
 * the same in fewer round trips (one statement with common table expressions, say) overrides them.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface WriteDialect {

    /**
     * The entries table's statements.
     *
     * @return them, on the write's connection
     */
    EntryStatements entries();

    /**
     * The outbox's statements.
     *
     * @return them, on the write's connection
     */
    OutboxStatements outbox();

    /**
     * The counters row's statements.
     *
     * @return them, on the write's connection
     */
    CounterStatements counters();

    /**
     * Maps a key to an id as the most recently used entry, as {@link
     * EntryStatements#insertIfAbsent} and else {@link EntryStatements#replace}, and, if {@code
     * cancel}, cancels the pending removals of the id ({@link OutboxStatements#cancel}). A dialect
     * may cancel even when {@code cancel} is false (it is false when the outbox is empty), as long
     * as it answers how many rows it deleted.
     *
     * @param key the key
     * @param snapshotId the id it maps now
     * @param weight the weight now
     * @param lastAccess the last access
     * @param cancel whether the outbox may hold removals of {@code snapshotId}
     * @return the entry the key had before, if any, and how many removals it cancelled
     */
    default Upserted upsert(String key, String snapshotId, long weight, long lastAccess, boolean cancel) {
        Optional<EntryRow> replaced = entries().insertIfAbsent(key, snapshotId, weight, lastAccess) == 1
                ? Optional.empty()
                : Optional.of(entries().replace(key, snapshotId, weight, lastAccess));
        return new Upserted(replaced, cancel ? outbox().cancel(snapshotId) : 0);
    }

    /**
     * Deletes the least recently used entry ({@link EntryStatements#deleteLeastRecentlyUsed}) and,
     * unless another key still maps its id, offers it ({@link OutboxStatements#insert} with cause
     * {@code CAPACITY}).
     *
     * @return the deleted entry and its outbox row's {@code seq} (0 if it was not offered); empty
     *     only if no entry is left (a dialect whose hits take no lock retries a victim that a hit
     *     moved)
     */
    default Optional<Evicted> evictLeastRecentlyUsed() {
        return entries().deleteLeastRecentlyUsed().map(victim -> {
            EntryRow row = victim.entry();
            return new Evicted(row, victim.stillMapped() ? 0
                    : outbox().insert(row.key(), row.snapshotId().value(), row.weight(), "CAPACITY"));
        });
    }

    /**
     * Begins a write by acknowledging delivered removals and reading the counters row in one round
     * trip, for a dialect whose lock statement can do both; called once, first in every write, with
     * the rows to acknowledge (maybe none).
     *
     * @param accepted the outbox rows the listener accepted, to delete
     * @return the counters row as stored, with how many of {@code accepted} it deleted; or empty (the
     *     default) if the dialect does not fold them: the write then deletes each row with {@link
     *     OutboxStatements#delete} and reads the counters when a step first needs them
     */
    default Optional<Acknowledged> acknowledgeReadingCounters(List<PendingRow> accepted) {
        return Optional.empty();
    }

    /**
     * What {@link #upsert} did.
     *
     * @param replaced the entry the key had before, or empty if it inserted one
     * @param cancelled how many pending removals of the id it deleted
     */
    record Upserted(Optional<EntryRow> replaced, int cancelled) {}

    /**
     * What {@link #evictLeastRecentlyUsed} did.
     *
     * @param entry the deleted entry
     * @param seq the {@code seq} of the outbox row offering it, 0 if another key still maps its id
     */
    record Evicted(EntryRow entry, long seq) {}

    /**
     * What {@link #acknowledgeReadingCounters} read and did.
     *
     * @param counters the counters row as stored, before this write changed it
     * @param deleted how many accepted rows it deleted from the outbox
     */
    record Acknowledged(CounterRow counters, int deleted) {}
}
