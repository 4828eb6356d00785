package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Registry files with many entries, written quickly by plain JDBC in one transaction. */
final class FilledFile {

    /** Whether the tests that can run with 1 000 000 entries do: {@code -Dsnapshotregistry.million=true}. */
    static final boolean MILLION = Boolean.getBoolean("snapshotregistry.million");

    private FilledFile() {}

    /**
     * Creates a registry file with entries {@code key 0} (least recently used) to {@code key <n-1>},
     * each mapping {@code id <i>} with weight 1.
     */
    static Path create(Path file, int entries) throws SQLException {
        SqliteSnapshotRegistry.open(file, RegistryConfig.builder().maxEntries(Long.MAX_VALUE).build()).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                PreparedStatement insert = connection.prepareStatement(
                        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
                                + " INSERT INTO entry (key, snapshot_id, weight, last_access, access_seq)"
                                + " SELECT 'key ' || i, 'id ' || i, 1, 1700000000000 + i, i + 1 FROM n")) {
            statement.execute("BEGIN");
            insert.setInt(1, entries);
            insert.executeUpdate();
            statement.execute("UPDATE registry_state SET entry_count = " + entries + ", total_weight = " + entries);
            statement.execute("COMMIT");
        }
        return file;
    }
}
