package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import io.github.snapshotregistry.jdbi.StorageFailure;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.extension.ExtensionCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One registry's rows in the database: runs each operation on a connection borrowed from the
 * caller's DataSource for that operation only, and turns every database failure into a {@link
 * RegistryException} naming the operation and the database.
 */
final class Storage {

    private static final int PAGE = 1_000;
    private static final long[] NONE = {};

    private final Jdbi jdbi;
    private final long registry;
    private final String description;
    private final RegistryConfig config;
    private final long leaseMillis;
    private final Set<Long> accepted = ConcurrentHashMap.newKeySet();
    private final CurrentHandle current;
    private final EntryTable entries;
    private final PendingEvictionTable outbox;
    private final RegistryTable registries;

    Storage(Jdbi jdbi, long registry, String description, RegistryConfig config, long leaseMillis) {
        this.jdbi = jdbi;
        this.current = new CurrentHandle(jdbi);
        this.entries = current.attach(EntryTable.class);
        this.outbox = current.attach(PendingEvictionTable.class);
        this.registries = current.attach(RegistryTable.class);
        this.registry = registry;
        this.description = description;
        this.config = config;
        this.leaseMillis = leaseMillis;
    }

    long registry() {
        return registry;
    }

    long leaseMillis() {
        return leaseMillis;
    }

    /** The registry and database, for messages. */
    String description() {
        return description;
    }

    /**
     * Runs a write operation in one transaction that holds the registry's lock. The transaction
     * also deletes the outbox rows {@linkplain #accepted accepted} since the last write.
     */
    <T> WriteTransaction.Outcome<T> write(String operation, Function<WriteTransaction, T> body) {
        long[] acknowledging = acceptedSeqs();
        WriteTransaction.Outcome<T> outcome = call(operation, () -> jdbi.inTransaction(handle -> current.run(handle, () -> {
            WriteTransaction transaction = new WriteTransaction(
                    entries, outbox, registries, registry, config, leaseMillis, acknowledging);
            return transaction.commit(body.apply(transaction));
        })));
        forget(acknowledging);
        return outcome;
    }

    /**
     * Records that the listener accepted an outbox row. The next write deletes it; until then this
     * host's lease keeps other hosts from offering it, and {@link #acknowledge} deletes it sooner.
     */
    void accepted(long seq) {
        accepted.add(seq);
    }

    /** Deletes the accepted outbox rows that no write has deleted yet. */
    void acknowledge(String operation) {
        if (!accepted.isEmpty()) {
            long[] acknowledging = acceptedSeqs();
            on(operation, PendingEvictionTable.class, table -> {
                table.delete(registry, acknowledging);
                return null;
            });
            forget(acknowledging);
        }
    }

    private long[] acceptedSeqs() {
        return accepted.isEmpty() ? NONE : accepted.stream().mapToLong(Long::longValue).toArray();
    }

    private void forget(long[] acknowledged) {
        for (long seq : acknowledged) {
            accepted.remove(seq);
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
