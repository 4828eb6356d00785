package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.memory.InMemorySnapshotRegistry;
import io.github.snapshotregistry.postgres.PostgresSnapshotRegistry;
import io.github.snapshotregistry.sqlite.SqliteSnapshotRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

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
    /**
     * A registry on this JVM's embedded PostgreSQL server, in a new schema named after its
     * (otherwise unused) directory, so that it starts on empty tables as the raw-JDBC floors do.
     */
    POSTGRES(false) {
        @Override
        SnapshotRegistry open(Path directory, RegistryConfig config) {
            return PostgresSnapshotRegistry.builder(EmbeddedPostgresServer.pool())
                    .schema(directory.getFileName().toString())
                    .open(config);
        }

        /** Drops the registry's schema. */
        @Override
        void discard(Path directory) {
            try (Connection connection = EmbeddedPostgresServer.pool().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA \"" + directory.getFileName() + "\" CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop the schema of " + directory, e);
            }
        }
    };

    private final boolean storedInDirectory;

    Adapter(boolean storedInDirectory) {
        this.storedInDirectory = storedInDirectory;
    }

    abstract SnapshotRegistry open(Path directory, RegistryConfig config);

    /** Frees what a closed registry opened in {@code directory} keeps outside that directory; here, nothing. */
    void discard(Path directory) {}

    /** Whether the registry keeps its entries in files in its directory, where they survive {@code close}. */
    boolean storedInDirectory() {
        return storedInDirectory;
    }
}
