package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offers removals to the listener after their transaction committed, with no lock held and no
 * transaction open, and deletes each row the listener accepted. Within this instance a row is
 * offered by one thread at a time: a thread claims it first (in memory; other processes on the file
 * may offer it too, which makes delivery at least once).
 */
final class Outbox {

    private static final int BATCH = 64;

    private final Database database;
    private final EvictionListener listener;
    private final Set<PendingRow> claimed = ConcurrentHashMap.newKeySet();

    Outbox(Database database, EvictionListener listener) {
        this.database = database;
        this.listener = listener;
    }

    /** Claims an operation's removals; called while its commit still holds the connection. */
    void claim(List<PendingRow> rows) {
        claimed.addAll(rows);
    }

    /**
     * Offers claimed rows in order, releasing each claim when done with it.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     * @throws Error from the listener, after releasing the claims of this row and the later ones,
     *     which stay pending; a failure to delete an earlier accepted row is suppressed in it
     * @throws RegistryException if deleting an accepted row failed (after offering every row)
     */
    int deliver(String operation, List<PendingRow> rows) {
        int accepted = 0;
        RegistryException deleteFailure = null;
        for (int i = 0; i < rows.size(); i++) {
            PendingRow row = rows.get(i);
            try {
                listener.onEviction(row.eviction());
            } catch (Exception rejected) {
                claimed.remove(row);
                continue;
            } catch (Error error) {
                claimed.removeAll(rows.subList(i, rows.size()));
                if (deleteFailure != null) {
                    error.addSuppressed(deleteFailure);
                }
                throw error;
            }
            accepted++;
            try {
                database.statement(operation + " (acknowledging a delivered eviction)", () -> {
                    database.outbox().delete(row.seq(), row.eviction().snapshotId().value());
                    return null;
                });
            } catch (RegistryException e) {
                deleteFailure = deleteFailure == null ? e : deleteFailure;
            } finally {
                claimed.remove(row);
            }
        }
        if (deleteFailure != null) {
            throw deleteFailure;
        }
        return accepted;
    }

    /**
     * Offers every pending row that no other thread of this instance is offering, oldest first.
     *
     * @param operation the registry's operation that delivers, named by a failure's message
     * @return how many the listener accepted
     */
    int deliverPending(String operation) {
        int accepted = 0;
        long after = 0;
        while (true) {
            long from = after;
            List<PendingRow> batch = database.statement(operation + " (reading pending evictions)",
                    () -> database.outbox().after(from, BATCH));
            if (batch.isEmpty()) {
                return accepted;
            }
            after = batch.get(batch.size() - 1).seq();
            accepted += deliver(operation, batch.stream().filter(row -> claimIfStillPending(operation, row)).toList());
        }
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
