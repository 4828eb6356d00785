package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.OutboxStatements;
import java.util.List;

/**
 * The outbox statements of the registry's write transactions and their seq bookkeeping (the
 * outbox itself is the table, {@link PendingEvictionTable}): it hands out seqs that are never
 * handed out again without SQLite's {@code AUTOINCREMENT}, whose {@code sqlite_sequence} row is one
 * more page written by every write that adds a row. A new row takes one more than the highest of
 * the outbox's seqs, the counters row's {@code outbox_seq} and the seqs this transaction deleted; a
 * transaction that deleted its highest seq without adding a higher row records that seq in the
 * counters row before it commits ({@link #beforeCommit}). So the highest seq ever handed out is
 * always in the outbox or in the counters row, and an acknowledgement named by seq and snapshot id
 * never deletes a newer row of the same id (see migration V5).
 *
 * <p>One per connection, used by the thread that holds it: {@link #began} and {@link #beforeCommit}
 * frame each write transaction.
 */
final class OutboxWrites implements OutboxStatements {

    private final PendingEvictionTable table;
    private long highestDeleted;
    private long highestAdded;

    OutboxWrites(PendingEvictionTable table) {
        this.table = table;
    }

    /** Starts a write transaction: it has deleted and added nothing yet. */
    void began() {
        highestDeleted = 0;
        highestAdded = 0;
    }

    @Override
    public long insert(String key, String snapshotId, long weight, String cause) {
        highestAdded = table.insert(highestDeleted, key, snapshotId, weight, cause);
        return highestAdded;
    }

    @Override
    public int cancel(String snapshotId) {
        List<Long> seqs = table.cancel(snapshotId);
        seqs.forEach(this::deleted);
        return seqs.size();
    }

    @Override
    public int delete(long seq, String snapshotId) {
        int deleted = table.delete(seq, snapshotId);
        if (deleted == 1) {
            deleted(seq);
        }
        return deleted;
    }

    /**
     * Acknowledges a row as {@link #delete} does, in the statement that reads the counters row.
     *
     * @return the counters row as stored, or null if the row was gone (the counters unread)
     */
    CounterRow deleteReadingCounters(long seq, String snapshotId) {
        CounterRow counters = table.deleteReadingCounters(seq, snapshotId);
        if (counters != null) {
            deleted(seq);
        }
        return counters;
    }

    /**
     * Ends a write transaction's statements: records the highest seq it deleted if no row it added
     * is higher (the outbox may no longer hold a seq that high).
     */
    void beforeCommit() {
        if (highestDeleted > 0 && highestDeleted >= highestAdded) {
            table.recordHandedOut(highestDeleted);
        }
    }

    private void deleted(long seq) {
        highestDeleted = Math.max(highestDeleted, seq);
    }
}
