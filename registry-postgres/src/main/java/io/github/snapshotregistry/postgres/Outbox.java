package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.ListenerRefusals;
import io.github.snapshotregistry.RegistryException;
import java.util.Comparator;
import java.util.List;

/**
 * Delivers claimed removals to the listener, after their transaction committed and with no
 * connection held while the listener runs. A delivered row is deleted; a row whose delivery threw
 * is released at once so that any host may retry it.
 */
final class Outbox {

    private static final int CLAIM_BATCH = 64;

    private final Storage storage;
    private final EvictionListener listener;
    private final ListenerRefusals refusals = new ListenerRefusals(System.getLogger(PostgresSnapshotRegistry.class.getName()));

    Outbox(Storage storage, EvictionListener listener) {
        this.storage = storage;
        this.listener = listener;
    }

    /**
     * Offers claimed rows in order.
     *
     * @return how many the listener accepted
     * @throws Error from the listener, after releasing this row and the later ones
     * @throws RegistryException if deleting or releasing a row failed (after offering them all)
     */
    int deliver(List<PendingRow> claimed) {
        int delivered = 0;
        RegistryException failure = null;
        for (int i = 0; i < claimed.size(); i++) {
            PendingRow row = claimed.get(i);
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
            delivered++;
            failure = first(failure, () -> storage.on("acknowledging a delivered eviction",
                    PendingEvictionTable.class, table -> {
                        table.delete(storage.registry(), row.seq());
                        return null;
                    }));
        }
        if (failure != null) {
            throw failure;
        }
        return delivered;
    }

    /**
     * Claims and offers every pending removal that no other host holds, oldest first.
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
