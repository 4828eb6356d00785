package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.jdbi.CompiledSqlObject;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.DeliveryStatements;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.StorageFailure;
import io.github.snapshotregistry.jdbi.VictimRow;
import io.github.snapshotregistry.jdbi.WriteDialect;
import io.github.snapshotregistry.jdbi.Writes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/**
 * The registry's one long-lived connection to its file, used by one thread at a time. Runs each
 * write operation as one {@code BEGIN IMMEDIATE} transaction, retries an attempt that SQLite
 * answered "busy" until the busy timeout has passed, and turns every other failure into a {@link
 * RegistryException} naming the operation and the file.
 */
final class Storage implements WriteDialect, DeliveryStatements, Writes.Transactions, AutoCloseable {

    private static final long RETRY_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    /**
     * How many pages the WAL grows to before a commit copies them into the database (SQLite's default
     * is 1 000): each checkpoint syncs both files, and a write touches about ten pages, so a larger
     * WAL (about 40 MB at most, removed when the last connection closes) syncs ten times less often.
     */
    private static final int CHECKPOINT_PAGES = 10_000;

    /**
     * The bytes of WAL kept on disk once a checkpoint has copied it all into the database (SQLite's
     * {@code journal_size_limit}): a WAL that a long reader let grow is truncated to this size.
     */
    static final int WAL_SIZE_LIMIT = 64 * 1024 * 1024;

    private final Path file;
    private final Duration busyTimeout;
    private final Handle handle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Transactions transactions;
    private final EntryTable entries;
    private final CounterTable counters;
    private final PendingEvictionTable outboxTable;
    private final OutboxWrites outboxWrites;
    private final Catalog catalog;
    private boolean closed;

    private Storage(Path file, Duration busyTimeout, Handle handle) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.handle = handle;
        this.transactions = compiled(Transactions.class);
        this.entries = compiled(EntryTable.class);
        this.counters = compiled(CounterTable.class);
        this.outboxTable = compiled(PendingEvictionTable.class);
        this.outboxWrites = new OutboxWrites(outboxTable);
        this.catalog = handle.attach(Catalog.class);
    }

    /**
     * A SQL Object of the operations' statements, resolved once ({@link CompiledSqlObject}); its
     * statements come from the connection's {@link CachedStatements} as Jdbi's would.
     */
    private <T> T compiled(Class<T> table) {
        return CompiledSqlObject.attach(handle.getJdbi(), table, () -> handle);
    }

    /**
     * Opens the connection of a registry whose schema is in place: WAL (its size on disk bounded),
     * the chosen synchronous mode and busy timeout; no generated keys (sqlite-jdbc would otherwise
     * run a query for them after every insert).
     */
    static Storage open(Path file, SQLiteConfig.SynchronousMode synchronous, Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(CHECKPOINT_PAGES));
        config.setJournalSizeLimit(WAL_SIZE_LIMIT);
        return connect(file, config, busyTimeout);
    }

    /**
     * Opens a connection that only reads, with SQLite's read-only flag: it sets no journal mode and
     * cannot write the file; it may still create temporary tables and views of its own.
     */
    static Storage openReadOnly(Path file, Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        return connect(file, config, busyTimeout);
    }

    private static Storage connect(Path file, SQLiteConfig config, Duration busyTimeout) {
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        config.setGetGeneratedKeys(false);
        try {
            Handle handle = jdbi(dataSource(file, config)).open();
            handle.setStatementBuilder(new CachedStatements());
            return new Storage(file, busyTimeout, handle);
        } catch (JdbiException e) {
            throw failure("open", file, e);
        }
    }

    /** A Jdbi with this adapter's SQL Objects and row mappers. */
    static Jdbi jdbi(SQLiteDataSource dataSource) {
        return Jdbi.create(dataSource)
                .installPlugin(new SqlObjectPlugin())
                .registerRowMapper(EntryRow.class, Rows::entry)
                .registerRowMapper(VictimRow.class, Rows::victim)
                .registerRowMapper(CounterRow.class, Rows::counters)
                .registerRowMapper(PendingRow.class, Rows::pending)
                .registerRowMapper(StoredRow.class, StoredRow::map);
    }

    /**
     * A data source for the file, named by a {@code file:} URI: every character of the path is
     * taken literally ({@code ?}, {@code #} and {@code %} are percent-encoded), where sqlite-jdbc
     * would read {@code ?} in a plain path as the start of its options and open another file.
     */
    static SQLiteDataSource dataSource(Path file, SQLiteConfig config) {
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString());
        return dataSource;
    }

    @Override
    public EntryTable entries() {
        return entries;
    }

    @Override
    public CounterTable counters() {
        return counters;
    }

    /** {@inheritDoc} For write transactions only ({@link #write}). */
    @Override
    public OutboxWrites outbox() {
        return outboxWrites;
    }

    /**
     * {@inheritDoc} Each accepted row's delete reads the counters row in its {@code RETURNING}
     * clause; the counters are read on their own only if every row was gone already.
     */
    @Override
    public Optional<Acknowledged> acknowledgeReadingCounters(List<PendingRow> accepted) {
        if (accepted.isEmpty()) {
            return Optional.empty();
        }
        CounterRow stored = null;
        int deleted = 0;
        for (PendingRow row : accepted) {
            CounterRow read = outboxWrites.deleteReadingCounters(row.seq(), row.eviction().snapshotId().value());
            if (read != null) {
                stored = read;
                deleted++;
            }
        }
        return Optional.of(new Acknowledged(stored == null ? counters.read() : stored, deleted));
    }

    /** The outbox's table, for reading it. */
    PendingEvictionTable outboxTable() {
        return outboxTable;
    }

    /** {@inheritDoc} Reads the rows: within one instance {@link io.github.snapshotregistry.jdbi.Delivery} claims them in memory. */
    @Override
    public List<PendingRow> claim(String operation, long after, int limit) {
        return statement(operation + " (reading pending evictions)", () -> outboxTable.after(after, limit));
    }

    @Override
    public boolean recheck(String operation, PendingRow row) {
        return statement(operation + " (reading a pending eviction again before offering it)",
                () -> outboxTable.exists(row.seq(), row.eviction().snapshotId().value()));
    }

    Catalog catalog() {
        return catalog;
    }

    /** Another SQL Object on this connection, used like the others while holding it. */
    <T> T attach(Class<T> sqlObject) {
        return handle.attach(sqlObject);
    }

    /**
     * Runs {@code body} in one write transaction and commits it; then, still holding the
     * connection, hands the result to {@code committed}. A failed attempt is rolled back; a busy one
     * is run again from the start.
     */
    @Override
    public <T> T write(String operation, Supplier<T> body, Consumer<T> committed) {
        return retrying(operation, () -> {
            transactions.beginWrite();
            outboxWrites.began();
            T value = rollingBackOnFailure(() -> {
                T written = body.get();
                outboxWrites.beforeCommit();
                return written;
            });
            committed.accept(value);
            return value;
        });
    }

    /** Runs several reads in one read transaction, so that they see one state of the file. */
    <T> T snapshot(String operation, Supplier<T> body) {
        return retrying(operation, () -> {
            transactions.beginRead();
            return rollingBackOnFailure(body);
        });
    }

    /** Runs one statement on its own (a read, or a write that commits by itself). */
    <T> T statement(String operation, Supplier<T> body) {
        return retrying(operation, body);
    }

    private <T> T rollingBackOnFailure(Supplier<T> body) {
        T value;
        try {
            value = body.get();
            transactions.commit();
        } catch (RuntimeException | Error e) {
            try {
                transactions.rollback();
            } catch (JdbiException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        return value;
    }

    /**
     * Runs an attempt on the connection, again while SQLite answers "busy", until the busy timeout
     * has passed since this thread took the connection: the time spent waiting for this instance's
     * other threads does not count, as it is not another connection's lock.
     */
    private <T> T retrying(String operation, Supplier<T> attempt) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("registry is closed");
            }
            long deadline = System.nanoTime() + busyTimeout.toNanos();
            while (true) {
                try {
                    return attempt.get();
                } catch (JdbiException e) {
                    if (!isBusy(e)) {
                        throw failure(operation, file, e);
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw StorageFailure.of(operation, described(file),
                                "another connection held it locked for longer than the busy timeout ("
                                + busyTimeout.toMillis() + " ms)", e);
                    }
                    LockSupport.parkNanos(RETRY_PAUSE_NANOS);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean isBusy(JdbiException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff;
                return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
            }
        }
        return false;
    }

    /** A storage failure, naming the operation, the file and SQLite's own reason (its result code and text). */
    static RegistryException failure(String operation, Path file, JdbiException e) {
        return StorageFailure.of(operation, described(file), e);
    }

    /** The file as storage failures name it. */
    private static String described(Path file) {
        return "SQLite database " + file;
    }

    /**
     * Closes the connection once no operation uses it. SQLite has committed or rolled back every
     * transaction by then, so a failure to close loses nothing and is not reported: {@code close}
     * must not throw.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            handle.close();
        } catch (JdbiException alreadyCommitted) {
            // Nothing to report: see the method's comment.
        } finally {
            lock.unlock();
        }
    }
}
