package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.jdbi.LogRecorder;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class FlywayLoggingTest {

    @Test
    void creatingAndReopeningASchemaLogsFlywaysProgressBelowInfoThroughSystemLogger() {
        DataSource database = EmbeddedDatabase.create().dataSource();
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).build();

        LogRecorder.assertFlywayQuietWhileOpening(() -> PostgresSnapshotRegistry.open(database, config).close());
    }
}
