package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.jdbi.LogRecorder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlywayLoggingTest {

    @TempDir
    Path folder;

    @Test
    void creatingAndReopeningAFileLogsFlywaysProgressBelowInfoThroughSystemLogger() {
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).build();
        Path file = folder.resolve("registry.db");

        LogRecorder.assertFlywayQuietWhileOpening(() -> SqliteSnapshotRegistry.open(file, config).close());
    }
}
