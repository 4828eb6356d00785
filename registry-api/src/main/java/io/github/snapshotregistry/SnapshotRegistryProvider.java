package io.github.snapshotregistry;

/**
 * Opens the registries of one storage adapter for {@link SnapshotRegistries#open}: the service
 * provider interface that adapters register with {@link java.util.ServiceLoader} (in {@code
 * META-INF/services/io.github.snapshotregistry.SnapshotRegistryProvider}), so that the Maven
 * dependency a user adds chooses the adapter.
 *
 * <p>A provider needs a public no-argument constructor and must be thread-safe.
 */
public interface SnapshotRegistryProvider {

    /**
     * The URI scheme this provider opens, lower case, such as {@code sqlite}.
     *
     * @return the scheme, without the colon
     */
    String scheme();

    /**
     * Opens a registry.
     *
     * @param location what follows {@code scheme:} in the URI (a path, or {@code //host/db?...});
     *     may be empty
     * @param config the registry's configuration
     * @return the open registry, owned by the caller, who closes it
     * @throws IllegalArgumentException if the location is malformed for this adapter; the message
     *     says what was wrong (never a password)
     * @throws RegistryException if the storage cannot be opened
     */
    SnapshotRegistry open(String location, RegistryConfig config);

    /**
     * Opens the store at a location for inspection only: it runs no migration, creates no schema,
     * takes no write lock, delivers nothing and creates no file; it reads any schema version the
     * adapter knows. What an operator's tool uses to look without changing what it looks at.
     *
     * <p>The result's reading methods work: {@code peek}, {@code size}, {@code totalWeight}, {@code
     * entries}, {@code streamEntries}, {@code snapshotIds}, {@code pendingEvictions}, {@code
     * listPendingEvictions}, {@code checkStorage}, {@code stats}, {@code storageSchema}, {@code
     * reconcile} and {@code clock}. Every other method ({@code get}, {@code put}, {@code
     * computeIfAbsent}, {@code invalidate}, {@code invalidateAll}, {@code cleanUp}, {@code
     * deliverPendingEvictions}) throws {@link UnsupportedOperationException} saying the registry
     * was opened for inspection only. {@code close()} releases it as usual. An expired entry is
     * reported, never removed.
     *
     * <p>The default throws {@link UnsupportedOperationException} naming the adapter.
     *
     * @param location what follows {@code scheme:} in the URI, as for {@link #open}
     * @return the read-only registry, owned by the caller, who closes it
     * @throws IllegalArgumentException if the location is malformed for this adapter
     * @throws RegistryException if there is no store at the location or it cannot be read
     * @throws UnsupportedOperationException if this adapter cannot open a store for inspection
     */
    default SnapshotRegistry inspect(String location) {
        throw new UnsupportedOperationException(
                "the registry adapter " + getClass().getName() + " (scheme " + scheme()
                        + ") cannot open a store for inspection only");
    }
}
