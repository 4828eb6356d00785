package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -wal} file's size on disk is bounded once a checkpoint has copied it into the database. */
class WalSizeTest {

    @TempDir
    Path folder;

    @Test
    void aWalThatAReaderLetGrowPastTheLimitIsTruncatedToItAfterTheCheckpoint() throws SQLException, IOException {
        Path file = folder.resolve("registry.db");
        Path wal = folder.resolve("registry.db-wal");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file,
                RegistryConfig.builder().maxEntries(1_000_000).build())) {
            int written = 0;
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                holdReadTransaction(reader);
                while (Files.size(wal) <= Storage.WAL_SIZE_LIMIT) {
                    assertTrue(written < 200_000, "the WAL did not grow past the limit");
                    registry.put("key-" + written, SnapshotId.of("snapshot-" + written), 1);
                    written++;
                }
                reader.rollback();
            }
            registry.put("after-reader-1", SnapshotId.of("a1"), 1);
            registry.put("after-reader-2", SnapshotId.of("a2"), 1);

            long size = Files.size(wal);
            assertTrue(size <= Storage.WAL_SIZE_LIMIT, "-wal is " + size + " bytes after the checkpoint, more than " + Storage.WAL_SIZE_LIMIT);
        }
    }

    /** Starts a read transaction that no checkpoint can move past, so that the WAL only grows. */
    private static void holdReadTransaction(Connection reader) throws SQLException {
        reader.setAutoCommit(false);
        try (Statement statement = reader.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            assertTrue(rows.next());
        }
    }
}
