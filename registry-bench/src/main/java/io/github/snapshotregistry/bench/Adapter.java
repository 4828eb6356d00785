package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.postgres.PostgresSnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.nio.file.Path;

/** The adapters under measurement, each opened over fresh storage in a directory of its own. */
enum Adapter {
    MEMORY(false) {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return new InMemorySnapshotRegistry(config);
        }
    },
    SQLITE(true) {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return SqliteSnapshotRegistry.open(directory.resolve("registry.db"), config);
        }
    },
    /** A registry on this JVM's embedded PostgreSQL server, named after its (otherwise unused) directory. */
    POSTGRES(false) {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return PostgresSnapshotRegistry.builder(EmbeddedPostgresServer.pool())
                    .registryName(directory.getFileName().toString())
                    .open(config);
        }
    };

    private final boolean storedInDirectory;

    Adapter(boolean storedInDirectory) {
        this.storedInDirectory = storedInDirectory;
    }

    abstract SnapshotRegistry open(Path directory, RegistryConfig config);

    /** Whether the registry keeps its entries in files in its directory, where they survive {@code close}. */
    boolean storedInDirectory() {
        return storedInDirectory;
    }
}
