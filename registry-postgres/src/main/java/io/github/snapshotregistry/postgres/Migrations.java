package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Brings a schema to the version this library knows, with Flyway: the adapter's own migrations and
 * its own history table, so it never collides with the user's Flyway setup. Flyway holds a
 * PostgreSQL advisory lock while it migrates, so concurrent first opens from several hosts apply
 * each migration once.
 */
final class Migrations {

    static final String LOCATION = "classpath:io/github/snapshotregistry/postgres/migration";
    static final String HISTORY_TABLE = "snapshot_registry_schema_history";

    private Migrations() {}

    /**
     * Creates or migrates the schema.
     *
     * @throws RegistryException if the schema is newer than this library or migrating fails
     */
    static void migrate(DataSource dataSource, String schema, String description) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .load();
        try {
            String newer = Arrays.stream(flyway.info().all())
                    .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS
                            || info.getState() == MigrationState.FUTURE_FAILED)
                    .map(MigrationInfo::getVersion)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", "));
            if (!newer.isEmpty()) {
                throw new RegistryException("open failed on " + description + ": the schema has version "
                        + newer + ", newer than this library knows; upgrade the library");
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw Storage.failure("migrating the schema", description, e);
        }
    }
}
