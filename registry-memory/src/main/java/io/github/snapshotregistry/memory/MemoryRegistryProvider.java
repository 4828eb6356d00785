package io.github.snapshotregistry.memory;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.SnapshotRegistryProvider;

/** Opens a new, empty {@link InMemorySnapshotRegistry} for {@link SnapshotRegistries#open} by the URI {@code memory:}. */
public final class MemoryRegistryProvider implements SnapshotRegistryProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public MemoryRegistryProvider() {}

    /** {@inheritDoc} */
    @Override
    public String scheme() {
        return "memory";
    }

    /**
     * Creates a new, empty registry: every {@code memory:} URI opens a registry of its own.
     *
     * @param location must be empty
     * @throws IllegalArgumentException if {@code location} is not empty
     */
    @Override
    public SnapshotRegistry open(String location, RegistryConfig config) {
        if (!location.isEmpty()) {
            throw new IllegalArgumentException(
                    "a memory registry takes no location: expected the URI memory:, was memory:" + location);
        }
        return new InMemorySnapshotRegistry(config);
    }

    /**
     * Opens an empty registry for inspection only: a memory registry has no storage that outlives
     * it, so there is nothing to look at. Its writing methods throw {@link
     * UnsupportedOperationException}.
     *
     * @param location must be empty
     * @throws IllegalArgumentException if {@code location} is not empty
     */
    @Override
    public SnapshotRegistry inspect(String location) {
        return new ReadOnlyRegistry(open(location, RegistryConfig.builder().maxEntries(1).build()));
    }
}
