package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offers removals to the listener after their transaction committed, with no lock held and no
 * transaction open. Within this instance a row is offered by one thread at a time: a thread claims
 * it first (in memory; other processes on the file may offer it too, which makes delivery at least
 * once). A row the listener accepted stays claimed, so never offered again by this instance, until
 * a write transaction of this instance deletes it, right after taking the write lock. A crash
 * before then leaves it in the file, to be delivered again.
 */
final class Outbox {

    private static final int BATCH = 64;

    private final Database database;
    private final EvictionListener listener;
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(SqliteSnapshotRegistry.class.getName()));
    private final Set<PendingRow> claimed = ConcurrentHashMap.newKeySet();
    private final Set<PendingRow> accepted = ConcurrentHashMap.newKeySet();
    /** The accepted rows that the open write transaction deleted; used only while holding the connection. */
    private List<PendingRow> deleting = List.of();

    Outbox(Database database, EvictionListener listener) {
        this.database = database;
        this.listener = listener;
    }

    /** Deletes the accepted rows in the write transaction just begun; {@link #committed} releases them. */
    void deleteAccepted(WriteTransaction transaction) {
        deleting = List.copyOf(accepted);
        transaction.deleteAccepted(deleting);
    }

    /**
     * Releases the rows that the committed transaction deleted and claims its removals; called
     * while its commit still holds the connection.
     */
    void committed(List<PendingRow> removals) {
        deleting.forEach(accepted::remove);
        deleting.forEach(claimed::remove);
        deleting = List.of();
        claimed.addAll(removals);
    }

    /**
     * Offers claimed rows in order; releases the claim of each row the listener rejected and keeps
     * the claim of each accepted one until a write deletes it.
     *
     * @return how many the listener accepted
     * @throws Error from the listener, after releasing the claims of this row and the later ones,
     *     which stay pending
     */
    int deliver(List<PendingRow> rows) {
        int delivered = 0;
        for (int i = 0; i < rows.size(); i++) {
            PendingRow row = rows.get(i);
            try {
                listener.onEviction(row.eviction());
            } catch (Exception rejected) {
                refusals.refused(row.eviction(), rejected);
                claimed.remove(row);
                continue;
            } catch (Error error) {
                rows.subList(i, rows.size()).forEach(claimed::remove);
                throw error;
            }
            accepted.add(row);
            delivered++;
        }
        return delivered;
    }

    /** Tells whether the listener accepted rows that no write has deleted yet. */
    boolean hasAccepted() {
        return !accepted.isEmpty();
    }

    /** How many of the rows this instance accepted but has not deleted yet the file still holds. */
    long acceptedInFile() {
        return List.copyOf(accepted).stream()
                .filter(row -> database.outbox().exists(row.seq(), row.eviction().snapshotId().value()))
                .count();
    }

    /** Tells whether this instance accepted a row and has not deleted it yet. */
    boolean isAccepted(PendingRow row) {
        return accepted.contains(row);
    }

    /**
     * Offers every pending row that no other thread of this instance is offering or has accepted,
     * oldest first.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     */
    int deliverPending(String operation) {
        int delivered = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<PendingRow> batch = database.statement(operation + " (reading pending evictions)",
                    () -> database.outbox().after(from, BATCH));
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).seq();
            delivered += deliver(batch.stream().filter(row -> claimIfStillPending(operation, row)).toList());
        }
        return delivered;
    }

    /**
     * Claims a row read a moment ago. Another thread of this instance may have delivered and deleted
     * it since, releasing its claim only after the delete: a row still there once claimed is pending.
     */
    private boolean claimIfStillPending(String operation, PendingRow row) {
        if (!claimed.add(row)) {
            return false;
        }
        boolean pending = database.statement(operation + " (reading pending evictions)",
                () -> database.outbox().exists(row.seq(), row.eviction().snapshotId().value()));
        if (!pending) {
            claimed.remove(row);
        }
        return pending;
    }
}
