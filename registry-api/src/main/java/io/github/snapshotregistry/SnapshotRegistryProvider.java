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
}
