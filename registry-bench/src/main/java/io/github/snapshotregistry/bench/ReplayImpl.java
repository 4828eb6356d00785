package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a replay can drive, by the name the command line and the JSON lines use. */
enum ReplayImpl {
    MEMORY(true, (capacity, directory) -> registry(Adapter.MEMORY, capacity, directory)),
    LINKEDHASHMAP(true, (capacity, directory) -> new LinkedHashMapLru(capacity)),
    CAFFEINE(false, (capacity, directory) -> new CaffeineLru(capacity)),
    SQLITE(true, (capacity, directory) -> registry(Adapter.SQLITE, capacity, directory)),
    JDBC(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.NONE, capacity, directory)),
    JDBC_OUTBOX(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.ACK_EACH, capacity, directory)),
    JDBC_OUTBOX_BATCHED(true, (capacity, directory) -> jdbc(JdbcStrictLru.Outbox.ACK_IN_NEXT_WRITE, capacity, directory)),
    POSTGRES(true, (capacity, directory) -> registry(Adapter.POSTGRES, capacity, directory)),
    /** The raw-JDBC floor of {@code postgres}, on the same embedded server. */
    JDBC_POSTGRES(true, (capacity, directory) -> new JdbcPostgresLru(EmbeddedPostgresServer.pool(), capacity));

    private final boolean exactLru;
    private final Opener opener;

    ReplayImpl(boolean exactLru, Opener opener) {
        this.exactLru = exactLru;
        this.opener = opener;
    }

    /** Opens a new, empty target of this kind; durable ones keep their files in {@code directory}. */
    ReplayTarget open(int capacity, Path directory) {
        return opener.open(capacity, directory);
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

    private static ReplayTarget registry(Adapter adapter, int capacity, Path directory) {
        return new RegistryTarget(adapter.open(directory, RegistryConfig.builder().maxEntries(capacity).build()));
    }

    private static ReplayTarget jdbc(JdbcStrictLru.Outbox outbox, int capacity, Path directory) {
        return new JdbcStrictLru(directory.resolve("strict-lru.db"), capacity, outbox);
    }

    @FunctionalInterface
    private interface Opener {
        ReplayTarget open(int capacity, Path directory);
    }
}
