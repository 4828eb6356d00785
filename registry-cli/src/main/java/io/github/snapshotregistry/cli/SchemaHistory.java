package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.RegistryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The schema version of a registry file, as its Flyway history records it: what {@code doctor}
 * reports. Read through Flyway's info API on a read-only connection, so nothing is written.
 *
 * @param version the newest migration applied, such as {@code 1}
 * @param description that migration's description
 * @param baseline the description of the baseline the history starts from, if any: a file the Rust
 *     original made was adopted through one
 */
record SchemaHistory(String version, String description, Optional<String> baseline) {

    /** Where registry-sqlite keeps its history and migrations (documented by SqliteSnapshotRegistry). */
    private static final String SQLITE_HISTORY_TABLE = "snapshot_registry_schema_history";
    private static final String SQLITE_MIGRATIONS = "classpath:io/github/snapshotregistry/sqlite/migration";

    /**
     * Reads the history of a SQLite registry file.
     *
     * @return the schema, or empty if the file has no migration applied
     * @throws RegistryException if the history cannot be read
     */
    static Optional<SchemaHistory> ofSqlite(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file);
        MigrationInfoService info;
        try {
            info = Flyway.configure(SchemaHistory.class.getClassLoader())
                    .dataSource(dataSource)
                    .table(SQLITE_HISTORY_TABLE)
                    .locations(SQLITE_MIGRATIONS)
                    .load()
                    .info();
        } catch (FlywayException e) {
            throw new RegistryException("doctor failed on SQLite database " + file
                    + ": its schema history cannot be read: " + e.getMessage(), e);
        }
        MigrationInfo current = info.current();
        if (current == null || current.getVersion() == null) {
            return Optional.empty();
        }
        Optional<String> baseline = Arrays.stream(info.applied())
                .filter(migration -> migration.getType().isBaseline())
                .map(MigrationInfo::getDescription)
                .findFirst();
        return Optional.of(new SchemaHistory(current.getVersion().getVersion(), current.getDescription(), baseline));
    }
}
