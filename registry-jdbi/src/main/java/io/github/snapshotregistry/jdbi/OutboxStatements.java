package io.github.snapshotregistry.jdbi;

/**
 * The statements on the outbox that {@link WriteSteps} runs inside the adapter's write transaction.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface OutboxStatements {

    /**
     * Adds a removal. A dialect whose deliverers claim rows in storage (leases) inserts it claimed
     * by this instance, which delivers it right after the commit.
     *
     * @param key the removed entry's key
     * @param snapshotId its id, which no key maps any more
     * @param weight its weight
     * @param cause the {@link io.github.snapshotregistry.RemovalCause}'s name
     * @return the new row's {@code seq}, larger than every earlier row's
     */
    long insert(String key, String snapshotId, long weight, String cause);

    /**
     * Deletes the removals of an id that a key maps again.
     *
     * @param snapshotId the id
     * @return how many rows it deleted
     */
    int cancel(String snapshotId);

    /**
     * Acknowledges a delivered removal: deletes its row, if still there (another instance may have
     * delivered it, or a put cancelled it).
     *
     * @param seq the row's number
     * @param snapshotId the row's id
     * @return 1 if it deleted the row, 0 if it was gone
     */
    int delete(long seq, String snapshotId);
}
