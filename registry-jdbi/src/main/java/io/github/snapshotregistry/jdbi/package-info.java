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
 *   <dd>the number of entries, their total weight and the number of pending evictions (an adapter
 *       may keep more of its own there: SQLite keeps the outbox's highest handed-out seq).
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
 *
 * <p><b>What an SQL adapter supplies</b> (registry-sqlite is the worked example):
 * <ol>
 *   <li>its statements, as Jdbi SQL Objects implementing {@link io.github.snapshotregistry.jdbi.EntryStatements},
 *       {@link io.github.snapshotregistry.jdbi.OutboxStatements} and {@link
 *       io.github.snapshotregistry.jdbi.CounterStatements} (a {@code default} method where its
 *       database needs two statements for one), handed over as a {@link
 *       io.github.snapshotregistry.jdbi.WriteDialect}, and its {@link
 *       io.github.snapshotregistry.jdbi.DeliveryStatements}; a database that can do more in one
 *       statement overrides the dialect's {@code default} methods (registry-postgres: a put with its
 *       cancel, an eviction with its offer, the acknowledgements with the lock that reads the
 *       counters row); the operations' SQL Objects attached by {@link
 *       io.github.snapshotregistry.jdbi.CompiledSqlObject}, which resolves each statement once
 *       instead of on every call (Jdbi itself is an optional dependency here: registry-memory does
 *       not load these classes);
 *   <li>its transaction and lock: each write operation begins a transaction that serializes the
 *       writes on the storage, then runs {@code delivery.acknowledge(steps)}, the operation's
 *       {@link io.github.snapshotregistry.jdbi.WriteSteps}, and {@code steps.commit(...)}; commits;
 *       calls {@code delivery.committed(outcome.removals())}; and, with no lock held, counts the
 *       outcome's evictions in {@link io.github.snapshotregistry.jdbi.Statistics} and hands its
 *       removals to {@link io.github.snapshotregistry.jdbi.Delivery#deliver};
 *   <li>its hot-path reads ({@code get} by {@link io.github.snapshotregistry.jdbi.EntryStatements#touchUnexpired}
 *       on its own), its schema and migrations ({@link io.github.snapshotregistry.jdbi.FlywayLogging}
 *       keeps Flyway quiet), and its failures worded by {@link io.github.snapshotregistry.jdbi.StorageFailure}.
 * </ol>
 */
package io.github.snapshotregistry.jdbi;
