package io.github.snapshotregistry.jdbi;

/**
 * The counters row.
 *
 * <p>Internal: not API, may change in any release.
 *
 * @param entryCount the number of entries
 * @param totalWeight their total weight
 * @param pendingCount the number of outbox rows
 */
public record CounterRow(long entryCount, long totalWeight, long pendingCount) {}
