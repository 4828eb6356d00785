package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.jdbi.FlywayLogging;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a file's schema to this library's version with Flyway, from the adapter's own migrations
 * and into its own history table, so that it never meets a user's Flyway setup. A file of the Rust
 * original is baselined at version 0 so that migration 1 adopts its entries. A schema newer than
 * {@link #VERSION} fails validation instead of being ignored, Flyway's default.
 */
final class Migrations {

    /** The newest schema version this library knows: the highest {@code V<n>__} migration. */
    static final long VERSION = 5;

    private static final String LOCATION = "classpath:io/github/snapshotregistry/sqlite/migration";
    static final String HISTORY_TABLE = "snapshot_registry_schema_history";

    private Migrations() {}

    /**
     * Creates or migrates the schema.
     *
     * @param adoptRustOriginal whether the file holds the Rust original's {@code snapshots} table
     * @throws RegistryException if the schema is newer than this library or a migration fails
     */
    static void migrate(Path file, DataSource dataSource, boolean adoptRustOriginal) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .loggers(FlywayLogging.class.getName())
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .ignoreMigrationPatterns(new String[0])
                .baselineOnMigrate(adoptRustOriginal)
                .baselineVersion("0")
                .baselineDescription("adopted from the Rust original snapshots table")
                .load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new RegistryException("open failed on SQLite database " + file
                    + ": migrating its schema to version " + VERSION + " failed: " + e.getMessage(), e);
        }
    }
}
