package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.Eviction;

/**
 * One row of the outbox: a removal not yet acknowledged.
 *
 * <p>Internal: not API, may change in any release.
 *
 * @param seq the row's number, never handed out again in the storage; later removals have larger ones
 * @param eviction what is offered to the listener
 */
public record PendingRow(long seq, Eviction eviction) {}
