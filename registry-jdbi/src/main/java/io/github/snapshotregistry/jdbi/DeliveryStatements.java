package io.github.snapshotregistry.jdbi;

import java.util.List;

/**
 * What {@link Delivery} asks of the storage, each call on its own, outside any write transaction
 * and with no lock of the registry held. The adapter runs each one as its own statement (or short
 * transaction) and turns failures into {@link io.github.snapshotregistry.RegistryException}s that
 * name {@code operation}.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface DeliveryStatements {

    /**
     * Reads outbox rows for this instance to deliver: a dialect whose deliverers claim rows in
     * storage (leases) claims them, skipping rows that others hold; any other just reads them.
     *
     * @param operation the registry operation that delivers, for failure messages
     * @param after the {@code seq} after which to read
     * @param limit the most rows to answer
     * @return up to {@code limit} rows with a larger {@code seq}, oldest first
     */
    List<PendingRow> claim(String operation, long after, int limit);

    /**
     * Re-checks a claimed row right before it is offered (rule 6): a row that a put cancelled (its
     * id mapped again) or that another instance delivered is gone.
     *
     * @param operation the registry operation that delivers, for failure messages
     * @param row the row
     * @return true if the outbox still holds it
     */
    boolean recheck(String operation, PendingRow row);

    /**
     * Gives up this instance's claim in storage on a row it will not deliver now (the listener
     * rejected it, or an {@link Error} stopped delivery before its turn), so that any instance may
     * retry it. A dialect without claims in storage has nothing to do.
     *
     * @param operation the registry operation that delivers, for failure messages
     * @param row the row
     */
    default void release(String operation, PendingRow row) {
    }
}
