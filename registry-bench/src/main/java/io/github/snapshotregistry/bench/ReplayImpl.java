package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a replay can drive, by the name the command line and the JSON lines use. */
enum ReplayImpl {
    MEMORY(true, Adapter.MEMORY),
    LINKEDHASHMAP(true, (capacity, directory) -> new LinkedHashMapLru(capacity, false)),
    LINKEDHASHMAP_STAMPED(true, (capacity, directory) -> new LinkedHashMapLru(capacity, true)),
    CAFFEINE(false, (capacity, directory) -> new CaffeineLru(capacity)),
    SQLITE(true, Adapter.SQLITE),
    JDBC(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.NONE, capacity, directory)),
    JDBC_OUTBOX(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.ACK_EACH, capacity, directory)),
    JDBC_OUTBOX_BATCHED(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.ACK_IN_NEXT_WRITE, capacity, directory)),
    POSTGRES(true, Adapter.POSTGRES),
    /** The raw-JDBC floor of {@code postgres}, on the same embedded server. */
    JDBC_POSTGRES(true, (capacity, directory) -> jdbcPostgres(false, capacity)),
    /** {@code jdbc_postgres} with the contract's durable outbox, the shared-id check and the re-check. */
    JDBC_POSTGRES_OUTBOX(true, (capacity, directory) -> jdbcPostgres(true, capacity));

    private final boolean exactLru;
    /** The adapter this replays, or null for a baseline, which has no listener. */
    private final Adapter adapter;
    private final Opener opener;

    ReplayImpl(boolean exactLru, Adapter adapter) {
        this.exactLru = exactLru;
        this.adapter = adapter;
        this.opener = null;
    }

    ReplayImpl(boolean exactLru, Opener opener) {
        this.exactLru = exactLru;
        this.adapter = null;
        this.opener = opener;
    }

    /**
     * Opens a new, empty target of this kind; durable ones keep their files in {@code directory}.
     *
     * @param listener the adapter's eviction listener; ignored by a baseline ({@link #listens()})
     */
    ReplayTarget open(int capacity, Path directory, BenchListener listener) {
        if (adapter == null) {
            return opener.open(capacity, directory);
        }
        return new RegistryTarget(adapter.open(directory,
                RegistryConfig.builder().maxEntries(capacity).evictionListener(listener.create()).build()),
                () -> adapter.discard(directory));
    }

    /**
     * Whether this is an adapter, configured with an eviction listener. A baseline has none: it
     * only counts its evictions.
     */
    boolean listens() {
        return adapter != null;
    }

    /** Whether a one-thread replay must hit exactly as often as the exact LRU. */
    boolean exactLru() {
        return exactLru;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ReplayImpl byLabel(String label) {
        for (ReplayImpl impl : values()) {
            if (impl.label().equals(label)) {
                return impl;
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + label + "', expected one of "
                + Arrays.stream(values()).map(ReplayImpl::label).collect(Collectors.joining(", ")));
    }

    private static ReplayTarget jdbc(JdbcStrictLru.Outbox outbox, int capacity, Path directory) {
        return new JdbcStrictLru(directory.resolve("strict-lru.db"), capacity, outbox);
    }

    private static ReplayTarget jdbcPostgres(boolean outbox, int capacity) {
        return new JdbcPostgresLru(EmbeddedPostgresServer.pool(), capacity, outbox);
    }

    @FunctionalInterface
    private interface Opener {
        ReplayTarget open(int capacity, Path directory);
    }
}
