package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import java.util.Comparator;
import java.util.List;

/**
 * Delivers claimed removals to the listener, after their transaction committed and with no
 * connection held while the listener runs; each is re-checked right before its offer, so one that a
 * put of its id cancelled meanwhile is not offered. A delivered row is deleted by the next write
 * (or sooner, {@link Storage#acknowledge}); a row whose delivery threw is released at once so that
 * any host may retry it.
 */
final class Outbox {

    private static final int CLAIM_BATCH = 64;

    private final Storage storage;
    private final EvictionListener listener;
    private final SnapshotIdLocks idLocks;
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(PostgresSnapshotRegistry.class.getName()));

    Outbox(Storage storage, EvictionListener listener, SnapshotIdLocks idLocks) {
        this.storage = storage;
        this.listener = listener;
        this.idLocks = idLocks;
    }

    /**
     * Offers claimed rows in order. Each offer holds its snapshot id (so that a put of the id on
     * another thread of this instance waits until the listener returns) and first re-checks that
     * the row is still pending: a row that a put of its id cancelled, on any host, is not offered.
     *
     * @return how many the listener accepted
     * @throws Error from the listener, after releasing this row and the later ones
     * @throws RegistryException if re-checking or releasing a row failed (after offering
     *     them all); a row that could not be re-checked stays claimed until its lease ends
     */
    int deliver(List<PendingRow> claimed) {
        int delivered = 0;
        RegistryException failure = null;
        for (int i = 0; i < claimed.size(); i++) {
            PendingRow row = claimed.get(i);
            SnapshotId id = row.eviction().snapshotId();
            idLocks.lock(id);
            try {
                boolean pending;
                try {
                    pending = storage.on("re-checking an eviction before offering it", PendingEvictionTable.class,
                            table -> table.isPending(storage.registry(), row.seq()));
                } catch (RegistryException e) {
                    failure = failure != null ? failure : e;
                    continue;
                }
                if (!pending) {
                    continue;
                }
                try {
                    listener.onEviction(row.eviction());
                } catch (Exception rejected) {
                    refusals.refused(row.eviction(), rejected);
                    failure = first(failure, () -> release(row));
                    continue;
                } catch (Error error) {
                    for (PendingRow unoffered : claimed.subList(i, claimed.size())) {
                        RegistryException releaseFailure = first(null, () -> release(unoffered));
                        if (releaseFailure != null) {
                            error.addSuppressed(releaseFailure);
                        }
                    }
                    throw error;
                }
            } finally {
                idLocks.unlock(id);
            }
            delivered++;
            storage.accepted(row.seq());
        }
        if (failure != null) {
            throw failure;
        }
        return delivered;
    }

    /**
     * Claims and offers every pending removal that no other host holds, oldest first, and deletes
     * every row the listener accepted before it returns.
     *
     * @return how many the listener accepted
     */
    int deliverPending() {
        int delivered = 0;
        long after = 0;
        while (true) {
            long last = after;
            List<PendingRow> claimed = storage.on("claiming pending evictions", PendingEvictionTable.class,
                    table -> table.claim(storage.registry(), last, CLAIM_BATCH, storage.leaseMillis()));
            if (claimed.isEmpty()) {
                storage.acknowledge("acknowledging delivered evictions");
                return delivered;
            }
            List<PendingRow> ordered = claimed.stream()
                    .sorted(Comparator.comparingLong(PendingRow::seq))
                    .toList();
            delivered += deliver(ordered);
            after = ordered.get(ordered.size() - 1).seq();
        }
    }

    private void release(PendingRow row) {
        storage.on("releasing an undelivered eviction", PendingEvictionTable.class, table -> {
            table.release(storage.registry(), row.seq());
            return null;
        });
    }

    private static RegistryException first(RegistryException earlier, Runnable step) {
        try {
            step.run();
            return earlier;
        } catch (RegistryException e) {
            return earlier != null ? earlier : e;
        }
    }
}
