package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.nio.file.Path;

/** The adapters under measurement, each opened over fresh storage in a directory of its own. */
enum Adapter {
    MEMORY {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return new InMemorySnapshotRegistry(config);
        }
    },
    SQLITE {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return SqliteSnapshotRegistry.open(directory.resolve("registry.db"), config);
        }
    };

    abstract SnapshotRegistry open(Path directory, RegistryConfig config);
}
