package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.SnapshotRegistryProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Opens {@link SqliteSnapshotRegistry}s for {@link SnapshotRegistries#open} by URI: {@code
 * sqlite:/var/cache/registry.db} (absolute) or {@code sqlite:relative/path.db} (against the working
 * directory), with the default SQLite options.
 */
public final class SqliteRegistryProvider implements SnapshotRegistryProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SqliteRegistryProvider() {}

    /** {@inheritDoc} */
    @Override
    public String scheme() {
        return "sqlite";
    }

    /**
     * {@inheritDoc}
     *
     * @param location the path of the database file
     * @throws IllegalArgumentException if the location is empty or not a path
     */
    @Override
    public SnapshotRegistry open(String location, RegistryConfig config) {
        return SqliteSnapshotRegistry.open(file(location), config);
    }

    /**
     * {@inheritDoc} See {@link SqliteSnapshotRegistry#inspect}.
     *
     * @param location the path of the database file, which must exist
     * @throws IllegalArgumentException if the location is empty or not a path
     */
    @Override
    public SnapshotRegistry inspect(String location) {
        return SqliteSnapshotRegistry.inspect(file(location));
    }

    private static Path file(String location) {
        if (location.isEmpty()) {
            throw new IllegalArgumentException(
                    "a sqlite registry URI names a file, such as sqlite:/var/cache/registry.db; the path is empty");
        }
        try {
            return Path.of(location);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("sqlite:" + location + " does not name a file: " + e.getMessage(), e);
        }
    }
}
