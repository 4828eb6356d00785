package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.StorageSchema;
import io.github.snapshotregistry.jdbi.FlywayLogging;
import io.github.snapshotregistry.jdbi.StorageFailure;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;

/**
 * One schema's versions, with Flyway: the adapter's own migrations and its own history table, so
 * it never collides with the user's Flyway setup. Flyway holds a PostgreSQL advisory lock while it
 * migrates, so concurrent first opens from several hosts apply each migration once.
 */
final class Migrations {

    static final String LOCATION = "classpath:io/github/snapshotregistry/postgres/migration";
    static final String HISTORY_TABLE = "snapshot_registry_schema_history";

    private final Flyway flyway;
    private final String schema;
    private final String description;

    /**
     * @param dataSource where the schema lives
     * @param schema the schema's name
     * @param description the database, for messages
     */
    Migrations(DataSource dataSource, String schema, String description) {
        this.flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .loggers(FlywayLogging.class.getName())
                .load();
        this.schema = schema;
        this.description = description;
    }

    /**
     * Creates or migrates the schema.
     *
     * @throws RegistryException if the schema is newer than this library or migrating fails
     */
    void migrate() {
        try {
            String newer = Arrays.stream(flyway.info().all())
                    .filter(Migrations::isNewer)
                    .map(MigrationInfo::getVersion)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            if (!newer.isEmpty()) {
                throw new RegistryException("open failed on " + description + ": the schema has version "
                        + newer + ", newer than this library knows; upgrade the library");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw StorageFailure.of("migrating the schema", description, e);
        }
    }

    /**
     * Reads the schema's version from its history, changing nothing.
     *
     * @param operation what reads it, for messages
     * @return the version found and the one this library migrates to
     * @throws RegistryException if the schema holds no registry tables, or reading fails
     */
    StorageSchema read(String operation) {
        try {
            MigrationInfoService info = flyway.info();
            MigrationInfo found = info.current();
            if (found == null) {
                throw new RegistryException(operation + " failed on " + description
                        + ": schema " + schema + " holds no snapshot registry (no " + HISTORY_TABLE + ")");
            }
            String current = Arrays.stream(info.all())
                    .filter(migration -> migration.getState().isResolved() && migration.getVersion() != null)
                    .map(MigrationInfo::getVersion)
                    .max(MigrationVersion::compareTo)
                    .map(String::valueOf)
                    .orElseThrow();
            String what = isNewer(found)
                    ? "snapshot registry schema version " + found.getVersion() + ", newer than this library knows"
                    : "snapshot registry schema version " + found.getVersion() + " (" + found.getDescription() + ")";
            return new StorageSchema(String.valueOf(found.getVersion()), what, current);
        } catch (FlywayException e) {
            throw StorageFailure.of(operation, description, e);
        }
    }

    /** Tells whether a schema read by {@link #read} is newer than this library's migrations. */
    static boolean isNewerThanLibrary(StorageSchema found) {
        return MigrationVersion.fromVersion(found.found()).compareTo(MigrationVersion.fromVersion(found.current())) > 0;
    }

    private static boolean isNewer(MigrationInfo migration) {
        return migration.getState() == MigrationState.FUTURE_SUCCESS
                || migration.getState() == MigrationState.FUTURE_FAILED;
    }
}
