package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.jdbi.CounterStatements;
import io.github.snapshotregistry.jdbi.DeliveryStatements;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.EntryStatements;
import io.github.snapshotregistry.jdbi.OutboxStatements;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.StorageFailure;
import io.github.snapshotregistry.jdbi.WriteDialect;
import io.github.snapshotregistry.jdbi.Writes;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.extension.ExtensionCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One registry's rows in the database, and its dialect for the write engine: runs each operation
 * on a connection borrowed from the caller's DataSource for that operation only, and turns every
 * database failure into a {@link RegistryException} naming the operation and the database. A put
 * is one statement with its cancel, an eviction one with its offer, and the acknowledgements ride
 * on the statement that locks the registry's row; delivery claims outbox rows with a lease.
 */
final class Storage implements WriteDialect, DeliveryStatements, Writes.Transactions {

    private static final int PAGE = 1_000;

    private final Jdbi jdbi;
    private final long registry;
    private final String description;
    private final long leaseMillis;
    private final CurrentHandle current;
    private final EntryTable entries;
    private final PendingEvictionTable outbox;
    private final RegistryTable registries;
    private final RegistryStatements statements;
    /** This instance's writes, one at a time (as {@link io.github.snapshotregistry.jdbi.Delivery} needs). */
    private final ReentrantLock writes = new ReentrantLock();

    Storage(Jdbi jdbi, long registry, String description, long leaseMillis) {
        this.jdbi = jdbi;
        this.current = new CurrentHandle(jdbi);
        this.entries = current.attach(EntryTable.class);
        this.outbox = current.attach(PendingEvictionTable.class);
        this.registries = current.attach(RegistryTable.class);
        this.statements = new RegistryStatements(entries, outbox, registries, registry, leaseMillis);
        this.registry = registry;
        this.description = description;
        this.leaseMillis = leaseMillis;
    }

    long registry() {
        return registry;
    }

    /** The registry and database, for messages. */
    String description() {
        return description;
    }

    @Override
    public EntryStatements entries() {
        return statements;
    }

    @Override
    public OutboxStatements outbox() {
        return statements;
    }

    @Override
    public CounterStatements counters() {
        return statements;
    }

    /** {@inheritDoc} Here it always cancels, in the same statement. */
    @Override
    public Upserted upsert(String key, String snapshotId, long weight, long lastAccess, boolean cancel) {
        return statements.upsert(key, snapshotId, weight, lastAccess);
    }

    @Override
    public Optional<Evicted> evictLeastRecentlyUsed() {
        return statements.evictLeastRecentlyUsed();
    }

    /** {@inheritDoc} Here it locks the registry's row, for the rest of the transaction, then deletes. */
    @Override
    public Optional<Acknowledged> acknowledgeReadingCounters(List<PendingRow> accepted) {
        return Optional.of(statements.lock(accepted));
    }

    /** {@inheritDoc} Claims them with a lease, skipping rows that another host is claiming. */
    @Override
    public List<PendingRow> claim(String operation, long after, int limit) {
        return on(operation, PendingEvictionTable.class, table -> table.claim(registry, after, limit, leaseMillis))
                .stream()
                .sorted(Comparator.comparingLong(PendingRow::seq))
                .toList();
    }

    /** {@inheritDoc} Waits for a put that has cancelled the row and not committed yet. */
    @Override
    public boolean recheck(String operation, PendingRow row) {
        return on(operation, PendingEvictionTable.class, table -> table.isPending(registry, row.seq())) > 0;
    }

    /** {@inheritDoc} Ends this host's lease, so that any host may deliver the row at once. */
    @Override
    public void release(String operation, PendingRow row) {
        on(operation, PendingEvictionTable.class, table -> {
            table.release(registry, row.seq());
            return null;
        });
    }

    /**
     * Runs {@code body} in one transaction and commits it; then, before another write of this
     * instance begins, hands the result to {@code committed}. A failed write is rolled back.
     */
    @Override
    public <T> T write(String operation, Supplier<T> body, Consumer<T> committed) {
        writes.lock();
        boolean transactionCommitted = false;
        try {
            T value = call(operation, () -> jdbi.inTransaction(handle -> current.run(handle, body)));
            transactionCommitted = true;
            committed.accept(value);
            return value;
        } finally {
            statements.ended(transactionCommitted);
            writes.unlock();
        }
    }

    /** Runs one read or one autocommitted statement on a table. */
    <T, E> T on(String operation, Class<E> table, ExtensionCallback<T, E, RuntimeException> body) {
        E attached = table.cast(table == EntryTable.class ? entries
                : table == PendingEvictionTable.class ? outbox
                : registries);
        return call(operation, () -> jdbi.withHandle(handle -> current.run(handle, () -> body.withExtension(attached))));
    }

    /** Runs several reads on one consistent snapshot of the database. */
    <T> T snapshot(String operation, HandleCallback<T, RuntimeException> body) {
        return call(operation, () -> jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, body));
    }

    /**
     * Streams the registry's entries in pages of {@value #PAGE} by their recency sequence, all read
     * in one read-only REPEATABLE READ transaction; its connection is returned when the stream is
     * closed or read to its end.
     */
    Stream<EntryRow> streamEntries(String operation, boolean mostRecentFirst) {
        Handle handle = call(operation, jdbi::open);
        try {
            handle.begin();
            handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        } catch (JdbiException e) {
            try (handle) {
                handle.rollback();
            } catch (JdbiException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw StorageFailure.of(operation, description, e);
        }
        Runnable release = () -> {
            if (!handle.isClosed()) {
                call(operation, () -> {
                    try (handle) {
                        handle.rollback();
                    }
                    return null;
                });
            }
        };
        EntryTable entries = handle.attach(EntryTable.class);
        Iterator<EntryRow> pages = new Iterator<>() {
            private Iterator<EntryRow> page = Collections.emptyIterator();
            private long seq = mostRecentFirst ? Long.MAX_VALUE : Long.MIN_VALUE;
            private boolean last;

            @Override
            public boolean hasNext() {
                if (!page.hasNext() && !last) {
                    List<EntryRow> next = call(operation, () -> mostRecentFirst
                            ? entries.pageBefore(registry, seq, PAGE)
                            : entries.pageAfter(registry, seq, PAGE));
                    last = next.size() < PAGE;
                    if (!next.isEmpty()) {
                        seq = next.get(next.size() - 1).accessSeq();
                    }
                    page = next.iterator();
                }
                if (!page.hasNext()) {
                    release.run();
                }
                return page.hasNext();
            }

            @Override
            public EntryRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(release);
    }

    private <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (JdbiException e) {
            throw StorageFailure.of(operation, description, e);
        }
    }
}
