package io.github.snapshotregistry.jdbi;

/**
 * The statements on the counters row that {@link WriteSteps} runs inside the adapter's write
 * transaction.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface CounterStatements {

    /**
     * Reads the counters; called at most once per write, before a step first needs them, and not
     * at all by a write that changes none (a dialect that read them when it took its lock may
     * answer that).
     *
     * @return the counters
     */
    CounterRow read();

    /**
     * Writes the counters; called at most once per write, by {@link WriteSteps#commit}, and only if
     * they changed.
     *
     * @param entryCount the number of entries
     * @param totalWeight their total weight
     * @param pendingCount the number of outbox rows
     */
    void update(long entryCount, long totalWeight, long pendingCount);
}
