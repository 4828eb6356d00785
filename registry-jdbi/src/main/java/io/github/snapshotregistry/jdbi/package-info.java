/**
 * The engine the snapshot registry's adapters share: what does not depend on where the entries are
 * stored. <b>Internal: not API.</b> It is published only because the adapters depend on it; any
 * type or method here may change or go in any release, without notice. Use the adapters' entry
 * classes and {@code io.github.snapshotregistry} instead.
 *
 * <p>Every adapter and this package use one vocabulary:
 * <dl>
 *   <dt>storage
 *   <dd>where an adapter keeps its entries (a database), and its class that runs operations on it.
 *   <dt>entries table, entry row
 *   <dd>one row per key: its snapshot id, weight, last access time and place in the recency order
 *       ({@code accessSeq}, a number the adapter's statements assign: larger is more recent).
 *   <dt>counters row
 *   <dd>the number of entries, their total weight and the number of pending evictions.
 *   <dt>outbox
 *   <dd>the table of pending evictions, and nothing else; one row of it is a pending row.
 *   <dt>offer
 *   <dd>putting a removal into the outbox, inside the write that made it, if no key maps its id.
 *   <dt>delivery
 *   <dd>offering the outbox's rows to the eviction listener, after the write committed and with no
 *       lock held: the row is first claimed (held by one deliverer), re-checked in storage right
 *       before the listener is called, and acknowledged (deleted) once the listener accepted it.
 *   <dt>write steps, commit, outcome
 *   <dd>the steps of one write operation inside the adapter's transaction; {@code commit} ends them
 *       and answers the operation's outcome (its value, removals, and evictions), and the adapter's
 *       {@code deliver(outcome)} counts the evictions and hands the removals to delivery.
 *   <dt>single flight
 *   <dd>one creator per key at a time in one registry instance, for {@code computeIfAbsent}.
 *   <dt>dialect
 *   <dd>the statements an adapter supplies to the write steps.
 * </dl>
 */
package io.github.snapshotregistry.jdbi;
