package io.github.snapshotregistry.postgres;

import static io.github.snapshotregistry.postgres.Rows.utf8;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.Delivery;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.Expiry;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.SingleFlight;
import io.github.snapshotregistry.jdbi.Statistics;
import io.github.snapshotregistry.jdbi.StorageFailure;
import io.github.snapshotregistry.jdbi.Writes;
import io.github.snapshotregistry.jdbi.WriteSteps.Outcome;
import io.github.snapshotregistry.postgres.EntryTable.Access;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.SqlObjects;

/**
 * A {@link SnapshotRegistry} on PostgreSQL, shared by every host that opens the same registry name
 * in the same database and schema: they see one registry, with one bound, one recency order and one
 * outbox of pending evictions.
 *
 * <p><b>Connections.</b> The caller owns the {@link DataSource} (pool, credentials, TLS). Each
 * operation borrows one connection for its transaction and returns it before the listener runs;
 * the registry opens no connection of its own and holds none between operations, except that an
 * open {@link #streamEntries} stream holds one until it is closed or read to its end. The
 * connections must use PostgreSQL's default isolation, READ COMMITTED.
 *
 * <p><b>Writers.</b> Every write runs in one transaction that first locks the registry's row, so
 * writers of one registry take turns across all hosts: the bounds hold after every committed write,
 * and {@code size()} and {@code totalWeight()} are exact counters read in constant time. A {@code
 * get} hit on a live entry is not a write in this sense: it moves the entry's recency in one
 * statement without the registry's lock, so hits run in parallel with each other and with writes.
 * An eviction whose entry a concurrent hit has just moved evicts the next least recently used one
 * instead. Registries with other names do not wait for each other.
 *
 * <p><b>Recency.</b> Each access takes the next number of a database sequence. Accesses are
 * therefore strictly and totally ordered, across all hosts, in the order they took their numbers,
 * which is an order consistent with real time; two accesses never tie, even within one
 * millisecond. {@code lastAccess} is the accessing host's clock, truncated to milliseconds; it
 * decides expiry only, never the order.
 *
 * <p><b>Delivery.</b> A removal is written to the outbox in the transaction that makes it, claimed
 * by the writing host with a lease ({@link Builder#deliveryLease}, by the database's clock), and
 * offered to the listener after the commit. A removal whose listener threw is released at once for
 * any host's {@link #deliverPendingEvictions()}. A delivered removal is deleted by this instance's
 * next write (or by {@link #deliverPendingEvictions()}, {@link #pendingEvictions()} or {@link
 * #close()}, whichever comes first), its lease keeping other hosts from offering it meanwhile;
 * until then other hosts still count it as pending. Hosts claim pending removals with {@code FOR
 * UPDATE SKIP LOCKED} and a lease, so no two hosts offer the same removal at the same time; the
 * claims of a host that dies expire after the lease. Delivery is at least once: a host that dies
 * after its listener accepted a removal but before deleting it leaves it to be delivered again.
 * Putting an id again cancels its pending removal, even one a host is delivering at that moment.
 *
 * <p><b>Delete and map again.</b> Within one instance, a {@code put} of an id waits while another
 * thread offers that id to the listener, and an offer of an id waits for a {@code put} of it in
 * progress; a {@code put} from the listener's own thread does not wait, so a listener may map the id
 * it is being offered, but it must not block on another thread that maps that id. Across instances
 * and hosts, each offer re-checks the database right before the listener is called and skips a
 * removal that a {@code put} of its id cancelled. What remains is a listener on one host still
 * deleting an id while another host maps it again: a caller that reuses ids (content addressing)
 * makes its delete conditional (re-checks with the registry or holds a per-id lock in its snapshot
 * store), or never maps an id again after it was delivered.
 *
 * <p><b>Schema.</b> Tables live in their own schema (default {@value #DEFAULT_SCHEMA}), created and
 * migrated by Flyway from this library's migrations with its own history table ({@code
 * snapshot_registry_schema_history}); concurrent first opens are serialized by Flyway's advisory
 * lock. A schema newer than this library fails to open with a {@link RegistryException}.
 *
 * <p><b>Computing.</b> {@link #computeIfAbsent} runs the creator at most once per key at a time in
 * one instance; instances on other hosts may create the same key concurrently, and the later store
 * then replaces the earlier ({@link RemovalCause#REPLACED}). A creator that calls {@code
 * computeIfAbsent} for the key it is creating gets an {@link IllegalStateException} naming the key.
 */
public final class PostgresSnapshotRegistry implements SnapshotRegistry {

    /** The registry name used when none is given. */
    public static final String DEFAULT_NAME = "default";

    /** The schema used when none is given. */
    public static final String DEFAULT_SCHEMA = "snapshot_registry";

    /** The delivery lease used when none is given. */
    public static final Duration DEFAULT_DELIVERY_LEASE = Duration.ofMinutes(1);

    /** What an inspected registry is configured with: no bound it could enforce, no expiry, no listener. */
    private static final RegistryConfig INSPECTION = RegistryConfig.builder().maxEntries(Long.MAX_VALUE).build();

    /** The most entries {@link #invalidateAll()} removes in one transaction. */
    static final int INVALIDATE_BATCH = 1_000;

    private final RegistryConfig config;
    private final Storage storage;
    private final Migrations migrations;
    private final boolean inspectionOnly;
    private final Delivery delivery;
    private final Writes writes;
    private final SingleFlight singleFlight = new SingleFlight();
    private final Statistics statistics = new Statistics();
    private final Expiry expiry;
    private volatile boolean closed;

    private PostgresSnapshotRegistry(
            RegistryConfig config, Storage storage, Migrations migrations, boolean inspectionOnly) {
        this.config = config;
        this.storage = storage;
        this.migrations = migrations;
        this.inspectionOnly = inspectionOnly;
        this.delivery = new Delivery(storage, config.evictionListener(),
                System.getLogger(PostgresSnapshotRegistry.class.getName()));
        this.expiry = Expiry.of(config);
        this.writes = new Writes(storage, storage, config, expiry, delivery);
    }

    /**
     * Opens the registry named {@value #DEFAULT_NAME} in schema {@value #DEFAULT_SCHEMA}; see {@link
     * Builder#open}.
     *
     * @param dataSource where to borrow connections; owned by the caller
     * @param config the bounds, listener and clock
     * @return the open registry
     * @throws RegistryException if the database cannot be reached, migrated or understood
     */
    public static PostgresSnapshotRegistry open(DataSource dataSource, RegistryConfig config) {
        return builder(dataSource).open(config);
    }

    /**
     * Starts opening a registry with a chosen name, schema or delivery lease.
     *
     * @param dataSource where to borrow connections; owned by the caller
     * @return a builder with the defaults
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource must not be null"));
    }

    @Override
    public Optional<SnapshotId> get(String key) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        Optional<SnapshotId> found = access("get", key);
        statistics.lookup(found.isPresent());
        return found;
    }

    @Override
    public Optional<SnapshotId> peek(String key) {
        checkOpen();
        RegistryArguments.checkKey(key);
        Optional<EntryRow> row = find("peek", key);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!expiry.isExpired(row.get().lastAccess(), config.clock().millis())) {
            return Optional.of(row.get().snapshotId());
        }
        deliver(writes.write("peek", steps -> steps.find(key).map(steps::removeIfExpired)));
        return Optional.empty();
    }

    @Override
    public void put(String key, SnapshotId id) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        deliver(store("put", key, id, RegistryArguments.weigh(config, key, id)));
    }

    @Override
    public void put(String key, SnapshotId id, long weight) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        RegistryArguments.checkWeight(weight, config);
        deliver(store("put", key, id, weight));
    }

    @Override
    public SnapshotId computeIfAbsent(String key, Function<String, SnapshotId> creator) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        Objects.requireNonNull(creator, "creator must not be null");
        return singleFlight.computeIfAbsent(key, creator, statistics, found -> access("computeIfAbsent", found),
                (created, id) -> {
                    Outcome<Void> outcome = store("computeIfAbsent", created, id, RegistryArguments.weigh(config, created, id));
                    return () -> deliver(outcome);
                });
    }

    @Override
    public Optional<SnapshotId> invalidate(String key) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        return remove(key, id -> true);
    }

    /** {@inheritDoc} One transaction finds and removes the entry, so it is atomic across hosts. */
    @Override
    public boolean invalidate(String key, SnapshotId id) {
        checkOpen();
        checkWritable();
        RegistryArguments.checkKey(key);
        RegistryArguments.checkId(id);
        return remove(key, id::equals).isPresent();
    }

    /** Removes a key's entry if it maps an id that {@code which} accepts; expired entries first. */
    private Optional<SnapshotId> remove(String key, Predicate<SnapshotId> which) {
        return deliver(writes.write("invalidate", steps -> steps.invalidate(key, which)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>It removes the entries in transactions of at most 1 000 entries each, least
     * recently used first, and delivers each transaction's removals before the next begins, so it
     * never holds the registry's lock longer than one batch and its memory does not grow with the
     * registry. It removes every entry that existed when it started and was not accessed since; an
     * entry written or read (a {@code get} hit) during it may survive. Each batch is atomic, the whole
     * is not: other hosts may see a registry in between.
     */
    @Override
    public void invalidateAll() {
        checkOpen();
        checkWritable();
        long lastSeq = storage.on("invalidateAll", EntryTable.class, table -> table.lastAccessSeq(storage.registry()));
        int removed;
        do {
            removed = deliver(writes.write("invalidateAll",
                    steps -> steps.removeOldest(INVALIDATE_BATCH, lastSeq, RemovalCause.EXPLICIT)));
        } while (removed == INVALIDATE_BATCH);
    }

    @Override
    public long size() {
        checkOpen();
        return storage.on("size", RegistryTable.class, table -> table.read(storage.registry())).entryCount();
    }

    @Override
    public long totalWeight() {
        checkOpen();
        return storage.on("totalWeight", RegistryTable.class, table -> table.read(storage.registry())).totalWeight();
    }

    @Override
    public List<RegistryEntry> entries() {
        checkOpen();
        return storage.on("entries", EntryTable.class, table -> table.all(storage.registry())).stream()
                .map(EntryRow::toEntry)
                .toList();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The stream reads pages of entries by their recency sequence in one read-only snapshot of
     * the database, so it sees exactly the entries there were when it began, each once. It holds
     * one connection of the DataSource until it is closed or read to its end.
     */
    @Override
    public Stream<RegistryEntry> streamEntries(RecencyOrder order) {
        checkOpen();
        Objects.requireNonNull(order, "order must not be null");
        return storage.streamEntries("streamEntries", order == RecencyOrder.MOST_RECENT_FIRST).map(EntryRow::toEntry);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: the version in the schema's Flyway history ({@code snapshot_registry_schema_history}).
     */
    @Override
    public Optional<StorageSchema> storageSchema() {
        checkOpen();
        return Optional.of(migrations.read("storageSchema"));
    }

    /** {@inheritDoc} Here: the configuration's clock. */
    @Override
    public InstantSource clock() {
        return config.clock();
    }

    @Override
    public int deliverPendingEvictions() {
        checkOpen();
        checkWritable();
        int delivered = delivery.deliverPending("deliverPendingEvictions");
        writes.acknowledgeAccepted("deliverPendingEvictions");
        return delivered;
    }

    /** {@inheritDoc} Here: after deleting the evictions this instance's listener accepted. */
    @Override
    public long pendingEvictions() {
        checkOpen();
        writes.acknowledgeAccepted("pendingEvictions");
        return storage.on("pendingEvictions", PendingEvictionTable.class, table -> table.count(storage.registry()));
    }

    /** {@inheritDoc} Here: after deleting the evictions this instance's listener accepted. */
    @Override
    public List<Eviction> listPendingEvictions() {
        checkOpen();
        writes.acknowledgeAccepted("listPendingEvictions");
        return storage.on("listPendingEvictions", PendingEvictionTable.class, table -> table.all(storage.registry()))
                .stream()
                .map(PendingRow::eviction)
                .toList();
    }

    /**
     * Compares the registry's counters with its entries and looks for pending evictions of ids that
     * an entry maps again. Changes nothing.
     *
     * @return one line per problem found; empty if the registry is consistent
     */
    @Override
    public List<String> checkStorage() {
        checkOpen();
        writes.acknowledgeAccepted("checkStorage");
        long registry = storage.registry();
        return storage.snapshot("checkStorage", handle -> {
            RegistryTable registries = handle.attach(RegistryTable.class);
            CounterRow counters = registries.read(registry);
            long entries = registries.countEntries(registry);
            long weight = registries.sumWeights(registry);
            PendingEvictionTable outbox = handle.attach(PendingEvictionTable.class);
            return counters.problems(entries, weight, outbox.count(registry), outbox.countMapped(registry));
        });
    }

    @Override
    public void cleanUp() {
        checkOpen();
        checkWritable();
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
     * Marks the registry closed, after deleting the evictions its listener accepted that no write
     * has deleted yet; if that fails they stay pending, to be delivered again (at least once), and
     * the failure is logged. The DataSource stays open: it belongs to the caller.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writes.acknowledgeAccepted("close");
        } catch (RegistryException e) {
            System.getLogger(PostgresSnapshotRegistry.class.getName()).log(System.Logger.Level.WARNING,
                    "delivered evictions stay pending, to be delivered again: " + e.getMessage(), e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("registry is closed");
        }
    }

    private void checkWritable() {
        if (inspectionOnly) {
            throw new UnsupportedOperationException(storage.description() + " was opened for inspection only");
        }
    }

    /**
     * Reads a key as an access: a live entry becomes the most recently used in one statement that
     * takes no registry-wide lock; an expired one is removed ({@link RemovalCause#EXPIRED}) by a
     * write that re-checks it under the lock.
     */
    private Optional<SnapshotId> access(String operation, String key) {
        byte[] keyBytes = utf8(key);
        long now = config.clock().millis();
        Optional<Access> found = storage.on(operation, EntryTable.class, table -> expiry.enabled()
                ? table.touchUnexpired(storage.registry(), keyBytes, now, expiry.cutoff(now))
                : table.touch(storage.registry(), keyBytes, now));
        if (found.isPresent() && found.get().snapshotId() == null) {
            deliver(writes.write(operation, steps -> steps.find(key).map(steps::removeIfExpired)));
            return Optional.empty();
        }
        return found.map(Access::snapshotId);
    }

    private Optional<EntryRow> find(String operation, String key) {
        return storage.on(operation, EntryTable.class, table -> table.find(storage.registry(), utf8(key)));
    }

    /**
     * Commits a put, counting it; its removals are for the caller to {@link #deliver}. It first
     * waits until no other thread of this instance has the id in its listener's hands, and checks
     * again after its statements have cancelled the id's pending removals, rolling back and trying
     * again if one is: an offer that starts after that check re-checks its row behind the put's
     * lock on it ({@link Storage#recheck}), so "delete" and "map again" never interleave within
     * this instance.
     */
    private Outcome<Void> store(String operation, String key, SnapshotId id, long weight) {
        while (true) {
            delivery.awaitOffersOf(id);
            try {
                Outcome<Void> outcome = writes.write(operation, steps -> {
                    steps.store(key, id, weight);
                    if (delivery.isOfferedElsewhere(id)) {
                        throw new OfferInProgress();
                    }
                    return null;
                });
                statistics.put();
                return outcome;
            } catch (OfferInProgress rolledBack) {
                // retried once the offer has returned
            }
        }
    }



    /** Counts a committed write's evictions and offers its removals to the listener. */
    private <T> T deliver(Outcome<T> outcome) {
        statistics.evicted(outcome.evictedCount(), outcome.evictedWeight());
        delivery.deliver(outcome.operation(), outcome.removals());
        return outcome.value();
    }

    /** Rolls back a put that found its id in a listener's hands on another thread of this instance. */
    private static final class OfferInProgress extends RuntimeException {

        private OfferInProgress() {
            super(null, null, false, false);
        }
    }

    /** Chooses the registry name, the schema and the delivery lease, then opens the registry. */
    public static final class Builder {

        private final DataSource dataSource;
        private String name = DEFAULT_NAME;
        private String schema = DEFAULT_SCHEMA;
        private Duration deliveryLease = DEFAULT_DELIVERY_LEASE;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Names the registry. Registries with different names in one schema are independent, each
         * with its own bounds; registries opened with the same name are one registry.
         *
         * @param name any non-empty text without NUL; default {@value #DEFAULT_NAME}
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is empty or contains NUL
         */
        public Builder registryName(String name) {
            this.name = checkName(name, "registry name", Integer.MAX_VALUE);
            return this;
        }

        /**
         * Chooses the schema holding the tables; it is created if missing.
         *
         * @param schema a PostgreSQL identifier of 1 to 63 bytes without NUL, used as written
         *     (quoted, so case-sensitive); default {@value #DEFAULT_SCHEMA}
         * @return this builder
         * @throws NullPointerException if {@code schema} is null
         * @throws IllegalArgumentException if {@code schema} is empty, too long or contains NUL
         */
        public Builder schema(String schema) {
            this.schema = checkName(schema, "schema", 63);
            return this;
        }

        /**
         * Sets how long a host holds a pending eviction it is delivering before other hosts may
         * deliver it too: longer than the listener's slowest call, short enough that a crashed
         * host's evictions are delivered soon.
         *
         * @param lease at least one millisecond; default one minute
         * @return this builder
         * @throws NullPointerException if {@code lease} is null
         * @throws IllegalArgumentException if {@code lease} is shorter than one millisecond
         */
        public Builder deliveryLease(Duration lease) {
            Objects.requireNonNull(lease, "deliveryLease must not be null");
            if (lease.toMillis() < 1) {
                throw new IllegalArgumentException("deliveryLease must be at least 1 ms, was " + lease);
            }
            this.deliveryLease = lease;
            return this;
        }

        /**
         * Opens the registry: creates or migrates the schema, creates the registry if it is new,
         * evicts down to the configuration's bounds and delivers the evictions left pending
         * (before it returns). A listener that throws an {@link Exception} there leaves its eviction
         * pending and the open succeeds.
         *
         * @param config the bounds, listener and clock
         * @return the open registry
         * @throws NullPointerException if {@code config} is null
         * @throws RegistryException if the database cannot be reached or migrated, or its schema is
         *     newer than this library
         */
        public PostgresSnapshotRegistry open(RegistryConfig config) {
            Objects.requireNonNull(config, "config must not be null");
            String description = describe("open");
            Migrations migrations = new Migrations(dataSource, schema, description);
            migrations.migrate();
            Jdbi jdbi = jdbi();
            long registry;
            try {
                registry = jdbi.withExtension(RegistryTable.class, table -> {
                    table.create(name);
                    return table.idOf(name).orElseThrow();
                });
            } catch (JdbiException e) {
                throw StorageFailure.of("open", description, e);
            }
            PostgresSnapshotRegistry opened = new PostgresSnapshotRegistry(config,
                    new Storage(jdbi, registry, description, deliveryLease.toMillis()), migrations, false);
            opened.deliver(opened.writes.write("open", steps -> {
                steps.evictToBounds();
                return null;
            }));
            opened.delivery.deliverPending("open");
            opened.writes.acknowledgeAccepted("open");
            return opened;
        }

        /**
         * Opens the registry for inspection only: no migration, no schema or registry created, no
         * eviction, no delivery; the schema may be of any version up to this library's. Reading
         * methods work (without expiry: an expired entry is reported, never removed); {@code get},
         * {@code put}, {@code computeIfAbsent}, {@code invalidate*}, {@code cleanUp} and {@code
         * deliverPendingEvictions} throw {@link UnsupportedOperationException}.
         *
         * @throws RegistryException if the database cannot be reached, the schema holds no registry
         *     or one newer than this library, or it has no registry of this name
         */
        PostgresSnapshotRegistry inspect() {
            String description = describe("inspect");
            Migrations migrations = new Migrations(dataSource, schema, description);
            StorageSchema found = migrations.read("inspect");
            if (Migrations.isNewerThanLibrary(found)) {
                throw new RegistryException("inspect failed on " + description + ": the schema has "
                        + found.description() + "; upgrade the library");
            }
            Jdbi jdbi = jdbi();
            long registry;
            try {
                registry = jdbi.withExtension(RegistryTable.class, table -> table.idOf(name))
                        .orElseThrow(() -> new RegistryException("inspect failed on " + description
                                + ": there is no registry of that name"));
            } catch (JdbiException e) {
                throw StorageFailure.of("inspect", description, e);
            }
            return new PostgresSnapshotRegistry(INSPECTION, new Storage(jdbi, registry, description,
                    deliveryLease.toMillis()), migrations, true);
        }

        private Jdbi jdbi() {
            Jdbi jdbi = Rows.register(Jdbi.create(dataSource)
                    .installPlugin(new SqlObjectPlugin())
                    .setTemplateEngine(TemplateEngine.NOP));
            jdbi.getConfig(SqlObjects.class).setSqlLocator(new RenderedSql(schema));
            return jdbi;
        }

        /** Names the database for messages: its URL without parameters, which may hold a password. */
        private String describe(String operation) {
            String where = "registry '" + name + "' in schema " + schema;
            try (Connection connection = dataSource.getConnection()) {
                String url = connection.getMetaData().getURL();
                int parameters = url.indexOf('?');
                return "PostgreSQL " + where + " at " + (parameters < 0 ? url : url.substring(0, parameters));
            } catch (SQLException e) {
                throw new RegistryException(operation + " failed on PostgreSQL " + where
                        + ": cannot connect through " + dataSource.getClass().getName() + ": " + e.getMessage(), e);
            }
        }

        private static String checkName(String value, String what, int maxBytes) {
            Objects.requireNonNull(value, what + " must not be null");
            if (value.isEmpty() || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(what + " must be non-empty text without NUL, was '" + value + "'");
            }
            if (utf8(value).length > maxBytes) {
                throw new IllegalArgumentException(what + " must be at most " + maxBytes + " bytes, was '" + value + "'");
            }
            return value;
        }
    }
}
