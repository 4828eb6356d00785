package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
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
    };

    private final boolean durable;

    Adapter(boolean durable) {
        this.durable = durable;
    }

    abstract SnapshotRegistry open(Path directory, RegistryConfig config);

    /** Whether the registry's entries live in files in its directory and survive {@code close}. */
    boolean durable() {
        return durable;
    }
}
