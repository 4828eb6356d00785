package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.StoredSnapshot;
import io.github.snapshotregistry.jdbi.Delivery;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.Expiry;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.SingleFlight;
import io.github.snapshotregistry.jdbi.Statistics;
import io.github.snapshotregistry.jdbi.Writes;
import io.github.snapshotregistry.jdbi.WriteSteps.Outcome;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.sqlite.SQLiteConfig;

/**
 * A {@link SnapshotRegistry} in one SQLite file: durable across restarts and crashes, and shared by
 * every registry that opens the same file, in this process or in others.
 *
 * <p><b>Storage.</b> The file is in WAL mode. Each operation is one transaction; a write takes the
 * file's write lock first ({@code BEGIN IMMEDIATE}), so what an operation reports removed is exactly
 * what it deleted, and the bounds hold after every committed write across all processes. While
 * another process holds the lock, an operation waits, up to the busy timeout ({@link
 * Builder#busyTimeout}); only then does it fail, with a {@link RegistryException}. The registry
 * keeps one connection open for its life; its operations take turns on it. The {@code -wal} file
 * left on disk after a checkpoint is at most 64 MiB, even when a long reader let it grow larger.
 *
 * <p><b>Cost.</b> {@code get}, {@code put} (with each eviction), {@code invalidate} and the
 * expiry purge find their rows through indexes: O(log n). {@code size()} and {@code totalWeight()}
 * read a counter row: O(1).
 *
 * <p><b>Recency.</b> Each access gives the entry one more than the highest access number in the
 * file, inside its write transaction: accesses are strictly ordered, in commit order, across
 * processes. {@code lastAccess} is the configuration's clock, truncated to milliseconds; it decides
 * expiry only. Writes remove expired entries from the least recently used end up to the first live
 * one: where the clocks of the processes sharing a file disagree, or a clock goes back, an expired
 * entry behind a live one stays until a read meets it or the entries before it expire.
 *
 * <p><b>Delivery.</b> A removal is written to an outbox table in the transaction that makes it and
 * offered to the listener after the commit, with no lock held and no transaction open; a rejected
 * one stays for {@link #deliverPendingEvictions()} and for the next open. An accepted removal leaves
 * the outbox in this registry's next write transaction, or at the end of {@link
 * #deliverPendingEvictions()} or in {@link #close()}, whichever comes first; until then this
 * registry neither counts nor lists nor offers it again, but other registries on the file still see
 * it pending, and a crash before then delivers it again. Within one registry a removal is offered
 * by one thread at a time. Between processes on one file the same removal may be offered twice
 * (delivery is at least once), never zero times: a crash after the commit leaves it in the outbox
 * for the next open.
 *
 * <p><b>Mapping an id again.</b> Putting an id again cancels its pending removal. Right before each
 * offer the removal is read again from the file: one that a put cancelled meanwhile (of this
 * registry or of another on the file), or that another registry delivered and deleted, is not
 * offered. Within one registry, a put of an id waits until an offer of that id already in a listener's hands has
 * returned, so deleting and mapping the id again never interleave (a put of the id by that
 * listener, on the delivering thread, does not wait; so a listener must not wait for another
 * thread that puts the id it is offered). What remains: another registry on the file, in this
 * process or another, may map the id again after the offer's read, while the listener deletes the
 * snapshot. A caller that reuses ids (content addressing) makes its delete conditional, under a
 * lock of its own in the snapshot store, on no key mapping the id, or never reuses an id once it
 * was delivered.
 *
 * <p><b>Opening.</b> See {@link Builder#open}: the schema is created or migrated by Flyway from this
 * library's own migrations, with its own history table ({@code snapshot_registry_schema_history});
 * a file of the Rust original is upgraded in place; any other file is refused, unchanged.
 *
 * <p><b>Computing.</b> {@link #computeIfAbsent} runs the creator at most once per key at a time in
 * one registry instance; registries in other processes may create the same key concurrently, and
 * the later store then replaces the earlier ({@link RemovalCause#REPLACED}).
 */
public final class SqliteSnapshotRegistry implements SnapshotRegistry {

    /** The busy timeout used when none is given. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    /** The most entries {@link #invalidateAll} removes in one write transaction. */
    private static final int INVALIDATE_BATCH = 1_000;

    /** How many stored snapshots {@link #reconcile} loads in one statement. */
    private static final int STORE_BATCH = 1_000;

    /** What an inspected registry is configured with: no bound it would enforce, no expiry, no listener. */
    private static final RegistryConfig INSPECTING = RegistryConfig.builder().maxEntries(Long.MAX_VALUE).build();

    private final RegistryConfig config;
    private final Expiry expiry;
    private final Storage storage;
    private final boolean inspectOnly;
    private final Delivery delivery;
    private final Writes writes;
    private final SingleFlight creations = new SingleFlight();
    private final Statistics statistics = new Statistics();
    private final ReentrantLock reconciling = new ReentrantLock();
    private volatile boolean closed;

    private SqliteSnapshotRegistry(RegistryConfig config, Storage storage, boolean inspectOnly) {
        this.config = config;
        this.expiry = Expiry.of(config);
        this.storage = storage;
        this.inspectOnly = inspectOnly;
        this.delivery = new Delivery(storage, config.evictionListener(),
                System.getLogger(SqliteSnapshotRegistry.class.getName()));
        this.writes = new Writes(storage, storage, config, expiry, delivery);
    }

    /**
     * Opens the registry in a file with the default options (synchronous {@code NORMAL}, busy
     * timeout {@link #DEFAULT_BUSY_TIMEOUT}); see {@link Builder#open}.
     *
     * @param file the database file; created, with its folders, if missing
     * @param config the bounds, listener and clock
     * @return the open registry, owned by the caller, who closes it
     * @throws NullPointerException if {@code file} or {@code config} is null
     * @throws RegistryException if the file cannot be opened as a registry; the message says why
     */
    public static SqliteSnapshotRegistry open(Path file, RegistryConfig config) {
        return builder(file).open(config);
    }

    /**
     * Opens a registry file only to read it: what an operator's tool uses to look at the file of a
     * running service without changing it. It opens the file with SQLite's read-only flag: it runs
     * no migration, creates no schema and no {@code .lock} file, leaves the journal mode as it is,
     * takes no write lock and delivers nothing. It reads a file of the Rust original and of every
     * schema version of this library up to the current one, without upgrading it ({@link
     * #storageSchema()} tells which it found).
     *
     * <p>The reading methods work: {@code peek}, {@code size}, {@code totalWeight}, {@code
     * entries}, {@code streamEntries}, {@code snapshotIds}, {@code pendingEvictions}, {@code
     * listPendingEvictions}, {@code checkStorage}, {@code stats} (all zero), {@code storageSchema},
     * {@code reconcile} and {@code clock} (the system clock); an expired entry is reported, never
     * removed. Every other method but {@code close} throws {@link UnsupportedOperationException}.
     * SQLite itself may add its {@code -wal} and {@code -shm} companion files beside a file in WAL
     * mode that has none (it creates them to read such a file; the database's bytes stay the same).
     *
     * @param file the database file, which must exist
     * @return the read-only registry, owned by the caller, who closes it
     * @throws NullPointerException if {@code file} is null
     * @throws RegistryException if the file is missing or empty (neither is created), is not an
     *     SQLite database, belongs to another application or has a newer schema; the message says
     *     which
     */
    public static SqliteSnapshotRegistry inspect(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        Path path = file.toAbsolutePath().normalize();
        return new SqliteSnapshotRegistry(INSPECTING, Inspection.open(path, DEFAULT_BUSY_TIMEOUT), true);
    }

    /**
     * Starts opening a registry with SQLite options.
     *
     * @param file the database file; created, with its folders, if missing
     * @return a builder with the default options
     * @throws NullPointerException if {@code file} is null
     */
    public static Builder builder(Path file) {
        return new Builder(Objects.requireNonNull(file, "file must not be null"));
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        checkOpen();
        checkWritable("get");
        RegistryArguments.checkKey(key);
        Optional<SnapshotId> found = access("get", key);
        statistics.lookup(found.isPresent());
        return found;
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        Optional<EntryRow> row = storage.statement("peek", () -> storage.entries().find(key));
        boolean expired = row.isPresent() && expiry.isExpired(row.get().lastAccess(), config.clock().millis());
        if (expired) {
            deliver(writes.write("peek", steps -> steps.find(key).map(steps::removeIfExpired)));
            return Optional.empty();
        }
        return row.map(EntryRow::snapshotId);
    }

    @Override
    public void put(String key, SnapshotId id) {
        checkOpen();
        checkWritable("put");
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        deliver(store("put", key, id, RegistryArguments.weigh(config, key, id)));
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        checkOpen();
        checkWritable("put");
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        RegistryArguments.checkWeight(weight, config);
        deliver(store("put", key, id, weight));
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        checkOpen();
        checkWritable("computeIfAbsent");
        RegistryArguments.checkKey(key);
        Objects.requireNonNull(creator, "creator must not be null");
        return creations.computeIfAbsent(key, creator, statistics, absent -> access("computeIfAbsent", absent),
                this::storeCreated);
    }

    /** Stores a created id as a put; answers the delivery of its removals, run once the waiting callers have the id. */
    private Runnable storeCreated(String key, SnapshotId id) {
        Outcome<Boolean> stored = store("computeIfAbsent", key, id, RegistryArguments.weigh(config, key, id));
        return () -> deliver(stored);
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        checkOpen();
        checkWritable("invalidate");
        RegistryArguments.checkKey(key);
        return invalidateIf(key, id -> true);
    }

    /** {@inheritDoc} One write transaction: atomic. */
    @Override
    public boolean invalidate(String key, SnapshotId id) {
        checkOpen();
        checkWritable("invalidate");
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        return invalidateIf(key, id::equals).isPresent();
    }

    /** Removes a key's live entry if its id passes {@code which}, after removing the expired entries. */
    private Optional<SnapshotId> invalidateIf(String key, Predicate<SnapshotId> which) {
        return deliver(writes.write("invalidate", steps -> steps.invalidate(key, which)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Removes the entries least recently used first, in write transactions of at most 1 000
     * entries each, delivering each transaction's removals after its commit: it
     * never holds the file's write lock for longer than one such batch, so other registries and
     * processes on the file keep writing meanwhile, and its memory does not grow with the number of
     * entries. It removes every entry that existed when it started and that no operation accessed
     * since (a {@code put}, a {@code get} hit or a {@code computeIfAbsent} makes an entry more recent
     * than the start, and such an entry may survive). Expired entries among them are removed with
     * {@link RemovalCause#EXPIRED}, the others with {@link RemovalCause#EXPLICIT}. Each batch is
     * atomic; the whole is not: a failure or a crash part way leaves the most recently used entries
     * in place, and another registry may see some of the entries gone and others not yet.
     */
    @Override
    public void invalidateAll() {
        checkOpen();
        checkWritable("invalidateAll");
        long through = storage.statement("invalidateAll", () -> storage.entries().newestAccess());
        int removed;
        do {
            removed = deliver(writes.write("invalidateAll",
                    steps -> steps.removeOldest(INVALIDATE_BATCH, through, RemovalCause.EXPLICIT)));
        } while (removed == INVALIDATE_BATCH);
    }

    @Override
    public long size() {
        checkOpen();
        return storage.statement("size", () -> storage.counters().read()).entryCount();
    }

    @Override
    public long totalWeight() {
        checkOpen();
        return storage.statement("totalWeight", () -> storage.counters().read()).totalWeight();
    }

    @Override
    public List<RegistryEntry> entries() {
        checkOpen();
        return storage.statement("entries", () -> storage.entries().all()).stream().map(EntryRow::toEntry).toList();
    }

    /**
     * {@inheritDoc} Reads pages of 1 000 entries along the recency index, each page its own read of
     * the file. In {@link RecencyOrder#MOST_RECENT_FIRST} order, the entries accessed while the
     * stream walks down are read after it reaches the least recently used end, most recent first:
     * that is where an accessed entry is seen again. Where writers keep accessing entries faster
     * than the caller consumes them, the stream goes on with them.
     */
    @Override
    public Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        checkOpen();
        Objects.requireNonNull(order, "order must not be null");
        return StreamSupport.stream(new RecencyWalk(storage, order), false).map(EntryRow::toEntry);
    }

    /**
     * {@inheritDoc} The version is the highest this library's migrations applied to the file; a
     * file of the Rust original is version {@code 0}. An ordinary open has migrated the file, so it
     * reports the current version.
     */
    @Override
    public Optional<StorageSchema> storageSchema() {
        checkOpen();
        return Optional.of(storage.snapshot("storageSchema", () -> Inspection.schema(storage.catalog())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Loads the store's listing, 1 000 snapshots per statement, into a temporary table of this
     * registry's own connection (never into the file, so it works on an {@linkplain #inspect
     * inspected} registry too), then finds the orphans and the missing entries with two queries
     * on one consistent read of the file. Its memory holds one batch and the answer, neither the
     * store nor the entries. One reconciliation at a time runs per registry; others wait.
     */
    @Override
    public Reconciliation reconcile(Stream<StoredSnapshot> store, Duration gracePeriod) {
        checkOpen();
        Objects.requireNonNull(store, "store must not be null");
        RegistryArguments.checkGracePeriod(gracePeriod);
        Instant now = config.clock().instant();
        boolean anyOldEnough = gracePeriod.compareTo(Duration.between(Instant.MIN, now)) <= 0;
        Instant youngest = anyOldEnough ? now.minus(gracePeriod) : Instant.MIN;
        StoreContents contents = storage.attach(StoreContents.class);
        reconciling.lock();
        try {
            storage.statement("reconcile", () -> {
                contents.createStored();
                contents.clearStored();
                contents.createAccepted();
                contents.clearAccepted();
                List<Long> accepted = delivery.accepted().stream().map(PendingRow::seq).toList();
                if (!accepted.isEmpty()) {
                    contents.addAccepted(accepted);
                }
                return null;
            });
            load(store, contents);
            Reconciliation found = storage.snapshot("reconcile", () -> new Reconciliation(
                    anyOldEnough
                            ? contents.orphans(youngest.getEpochSecond(), youngest.getNano()).stream()
                                    .map(SnapshotId::of).toList()
                            : List.of(),
                    contents.missing().stream().map(EntryRow::toEntry).toList()));
            storage.statement("reconcile", () -> {
                contents.clearStored();
                return null;
            });
            return found;
        } finally {
            reconciling.unlock();
        }
    }

    /** Loads the store's listing into the temporary table, a batch per statement. */
    private void load(Stream<StoredSnapshot> store, StoreContents contents) {
        List<StoredSnapshot> batch = new ArrayList<>(STORE_BATCH);
        long loaded = 0;
        for (Iterator<StoredSnapshot> it = store.iterator(); it.hasNext(); ) {
            batch.add(Objects.requireNonNull(it.next(), "store must not hold null"));
            if (batch.size() == STORE_BATCH || !it.hasNext()) {
                long first = loaded;
                storage.statement("reconcile", () -> {
                    contents.add(batch.stream().map(snapshot -> snapshot.id().value()).toList(),
                            batch.stream().map(snapshot -> snapshot.lastModified().getEpochSecond()).toList(),
                            batch.stream().map(snapshot -> snapshot.lastModified().getNano()).toList(),
                            LongStream.range(first, first + batch.size()).boxed().toList());
                    return null;
                });
                loaded += batch.size();
                batch.clear();
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public InstantSource clock() {
        return config.clock();
    }

    @Override
    public int deliverPendingEvictions() {
        checkOpen();
        checkWritable("deliverPendingEvictions");
        int delivered = delivery.deliverPending("deliverPendingEvictions");
        writes.acknowledgeAccepted("deliverPendingEvictions");
        return delivered;
    }

    /** How many of the rows this instance accepted but has not acknowledged yet the file still holds. */
    private long acceptedInFile() {
        return delivery.accepted().stream()
                .filter(row -> storage.outboxTable().exists(row.seq(), row.eviction().snapshotId().value()))
                .count();
    }

    @Override
    public long pendingEvictions() {
        checkOpen();
        return storage.snapshot("pendingEvictions", () -> storage.outboxTable().count() - acceptedInFile());
    }

    /**
     * {@inheritDoc} The evictions are read from the file: those of every process that shares it,
     * but for those this registry's listener accepted already.
     */
    @Override
    public List<Eviction> listPendingEvictions() {
        checkOpen();
        return storage.statement("listPendingEvictions", () -> storage.outboxTable().all()).stream()
                .filter(row -> !delivery.isAccepted(row))
                .map(PendingRow::eviction)
                .toList();
    }

    /**
     * {@inheritDoc} Runs SQLite's {@code integrity_check}, looks for entries whose key or snapshot
     * id breaks rule 1 (naming the first by access number), compares the counters with the entries and the
     * pending evictions, and looks for pending evictions of ids that an entry maps again; all on one
     * consistent state of the file.
     */
    @Override
    public List<String> checkStorage() {
        checkOpen();
        return storage.snapshot("checkStorage", () -> {
            List<String> problems = new ArrayList<>();
            List<String> integrity = storage.catalog().integrityCheck();
            if (!integrity.equals(List.of("ok"))) {
                integrity.forEach(line -> problems.add("integrity_check: " + line));
            }
            problems.addAll(storage.attach(RowChecks.class).entryProblems());
            CounterTable counters = storage.counters();
            problems.addAll(counters.read().problems(counters.countEntries(), counters.sumWeights(),
                    storage.outboxTable().count(), storage.outboxTable().countMapped()));
            return problems;
        });
    }

    @Override
    public void cleanUp() {
        checkOpen();
        checkWritable("cleanUp");
        if (config.expireAfterAccess().isPresent()) {
            deliver(writes.write("cleanUp", steps -> {
                steps.purgeExpired();
                return null;
            }));
        }
    }

    @Override
    public RegistryStats stats() {
        checkOpen();
        return statistics.read();
    }

    /**
     * Deletes the evictions the listener accepted from the file, then closes the connection once the
     * operations in progress are done. Pending evictions stay in the file for the next open; so do
     * accepted ones if deleting them fails, to be delivered again (at least once). Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                writes.acknowledgeAccepted("close");
            } catch (RegistryException | IllegalStateException deliveredAgainLater) {
                // Not reported, as close must not throw: see the method's comment.
            }
        }
        storage.close();
    }

    /**
     * Writes a consistent copy of the registry's file to a new file, with SQLite's {@code VACUUM
     * INTO}: one state of the file as a committed transaction left it, whatever the registries
     * sharing it write meanwhile (they are not blocked). The copy opens as a registry with the same
     * entries, weights, recency order and pending evictions (an eviction this registry's listener
     * accepted and has not yet removed from the file is pending in the copy, to be delivered again
     * at least once). Restore by opening the copy, or by putting it in the original's place while no
     * process has the original open, without its old {@code -wal} and {@code -shm} files. Copying
     * the database file alone is no backup: recent commits may be only in its {@code -wal} file.
     *
     * @param destination the new file; its folder must exist and the file must not
     * @throws NullPointerException if {@code destination} is null
     * @throws IllegalArgumentException if {@code destination} exists already (it is left unchanged)
     * @throws IllegalStateException if the registry is closed
     * @throws RegistryException if SQLite cannot read the registry or write the copy; the message
     *     names the file and the destination
     */
    public void backup(Path destination) {
        checkOpen();
        Objects.requireNonNull(destination, "destination must not be null");
        Path target = destination.toAbsolutePath().normalize();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("backup destination " + target + " exists already");
        }
        storage.statement("backup to " + target, () -> {
            storage.catalog().vacuumInto(target.toString());
            return null;
        });
    }

    /** Caps the file's size (SQLite's {@code max_page_count}) for this connection; for tests of a full disk. */
    long limitPages(long pages) {
        return storage.statement("limitPages", () -> storage.catalog().limitPages(pages));
    }

    /** SQLite's {@code synchronous} setting of this registry's connection (1 NORMAL, 2 FULL); for tests. */
    int synchronousMode() {
        return storage.statement("synchronousMode", () -> storage.catalog().synchronous());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registry is closed");
        }
    }

    private void checkWritable(String operation) {
        if (inspectOnly) {
            throw new UnsupportedOperationException(
                    operation + " is not allowed: this SQLite registry was opened for inspection only");
        }
    }

    /**
     * Reads a key as an access: a hit moves the entry's recency. A live entry is found and touched by
     * one statement, which SQLite runs as a transaction of its own; without expiry that statement
     * also answers a miss. With expiry, a miss is read again in a write transaction that removes
     * the entry if it has expired.
     */
    private Optional<SnapshotId> access(String operation, String key) {
        long now = config.clock().millis();
        Optional<SnapshotId> live = Optional.ofNullable(storage.statement(operation,
                () -> storage.entries().touchUnexpired(key, now, expiry.cutoff(now))))
                .map(SnapshotId::of);
        if (live.isPresent() || !expiry.enabled()) {
            return live;
        }
        return deliver(writes.write(operation, steps -> steps.access(key)));
    }

    /**
     * Commits a put, counting it; its removals are for the caller to {@link #deliver}. It first
     * waits until no other thread of this instance has the id in its listener's hands, and checks
     * again inside the write transaction, whose connection an offer needs before it starts (see
     * {@link Delivery#deliver}): so "delete" and "map again" never interleave within this instance.
     */
    private Outcome<Boolean> store(String operation, String key, SnapshotId id, long weight) {
        while (true) {
            delivery.awaitOffersOf(id);
            Outcome<Boolean> outcome = writes.write(operation, steps -> {
                if (delivery.isOfferedElsewhere(id)) {
                    return false;
                }
                steps.store(key, id, weight);
                return true;
            });
            if (outcome.value()) {
                statistics.put();
                return outcome;
            }
        }
    }



    /** Counts a committed write's evictions and offers its removals to the listener. */
    private <T> T deliver(Outcome<T> outcome) {
        statistics.evicted(outcome.evictedCount(), outcome.evictedWeight());
        delivery.deliver(outcome.operation(), outcome.removals());
        return outcome.value();
    }

    /** How the file is made durable on commit. */
    public enum Synchronous {

        /**
         * SQLite's {@code synchronous=NORMAL} in WAL mode: a commit is atomic and survives a crash
         * of the process; a power loss may undo the last commits, never corrupt the file.
         */
        NORMAL(SQLiteConfig.SynchronousMode.NORMAL),

        /** SQLite's {@code synchronous=FULL}: every commit also survives a power loss, at an fsync each. */
        FULL(SQLiteConfig.SynchronousMode.FULL);

        private final SQLiteConfig.SynchronousMode mode;

        Synchronous(SQLiteConfig.SynchronousMode mode) {
            this.mode = mode;
        }
    }

    /** Chooses SQLite options, then opens the registry. */
    public static final class Builder {

        private final Path file;
        private Synchronous synchronous = Synchronous.NORMAL;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;

        private Builder(Path file) {
            this.file = file;
        }

        /**
         * Chooses how commits are made durable.
         *
         * @param synchronous {@link Synchronous#NORMAL} (the default) or {@link Synchronous#FULL}
         * @return this builder
         * @throws NullPointerException if {@code synchronous} is null
         */
        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = Objects.requireNonNull(synchronous, "synchronous must not be null");
            return this;
        }

        /**
         * Sets how long an operation waits for another connection (another process, or another
         * registry on the same file) to release the file's lock before it fails with a {@link
         * RegistryException}.
         *
         * @param busyTimeout from zero to {@link Integer#MAX_VALUE} milliseconds; default {@link
         *     #DEFAULT_BUSY_TIMEOUT}
         * @return this builder
         * @throws NullPointerException if {@code busyTimeout} is null
         * @throws IllegalArgumentException if {@code busyTimeout} is negative or too long
         */
        public Builder busyTimeout(Duration busyTimeout) {
            Objects.requireNonNull(busyTimeout, "busyTimeout must not be null");
            if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(
                        "busyTimeout must be from 0 to " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
            }
            this.busyTimeout = busyTimeout;
            return this;
        }

        /**
         * Opens the registry. First, holding the lock file {@code <file>.lock} so that processes
         * opening one file take turns, it decides what the file holds without writing to it:
         * <ul>
         *   <li>a missing or empty file gets the schema (missing folders are created);
         *   <li>a registry file of this or an older version is migrated by Flyway;
         *   <li>a file of the Rust original ({@code snapshots(key, snapshot_id, accessed_at)}) is
         *       upgraded in place: every entry kept, recency from {@code accessed_at} with ties
         *       broken by insertion order, weight 1, {@code lastAccess} from {@code accessed_at};
         *   <li>a file of a newer schema version, of another application, or not SQLite at all, a
         *       directory, and a file or folder this process may not write are refused with a
         *       {@link RegistryException} that says which, leaving the file unchanged.
         * </ul>
         * Then it evicts down to the configuration's bounds and delivers the evictions that are
         * pending, this open's and those an earlier process left, before it returns. A listener
         * that throws an {@link Exception} there leaves its eviction pending and the open succeeds.
         *
         * @param config the bounds, listener and clock
         * @return the open registry, owned by the caller, who closes it
         * @throws NullPointerException if {@code config} is null
         * @throws RegistryException if the file cannot be opened as a registry
         */
        public SqliteSnapshotRegistry open(RegistryConfig config) {
            Objects.requireNonNull(config, "config must not be null");
            Path path = file.toAbsolutePath().normalize();
            DatabaseFile.prepare(path, busyTimeout);
            SqliteSnapshotRegistry registry = new SqliteSnapshotRegistry(
                    config, Storage.open(path, synchronous.mode, busyTimeout), false);
            try {
                registry.deliver(registry.writes.write("open", steps -> {
                    steps.evictToBounds();
                    return null;
                }));
                registry.delivery.deliverPending("open");
                registry.writes.acknowledgeAccepted("open");
            } catch (RuntimeException | Error e) {
                registry.close();
                throw e;
            }
            return registry;
        }
    }
}
