package io.github.snapshotregistry.sqlite;

import static io.github.snapshotregistry.sqlite.PlainSql.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows that break rule 1: a file of the Rust original holding them is refused; checkStorage reports them. */
class RuleOneRowsTest {

    private static final RegistryConfig TEN = RegistryConfig.builder().maxEntries(10).build();

    @TempDir
    Path folder;

    @Test
    void aRustOriginalWithBadRowsIsRefusedNamingTheFirstOnesAndLeftUnchanged() throws Exception {
        Path file = folder.resolve("rust.db");
        execute(file,
                "CREATE TABLE snapshots (key TEXT PRIMARY KEY, snapshot_id TEXT, accessed_at INTEGER)",
                "INSERT INTO snapshots VALUES ('good', 'snap', 10)",
                "INSERT INTO snapshots VALUES (NULL, 'a', 10)",
                "INSERT INTO snapshots VALUES ('', 'b', 10)",
                "INSERT INTO snapshots VALUES (CAST(X'EDA080' AS TEXT), 'c', 10)",
                "INSERT INTO snapshots VALUES ('k5', '  ', 10)",
                "INSERT INTO snapshots VALUES ('k6', 'd', NULL)",
                "INSERT INTO snapshots VALUES (replace(hex(zeroblob(2049)), '00', 'x'), 'e', 10)",
                "INSERT INTO snapshots VALUES ('k8', 'f', 'soon')");
        byte[] before = Files.readAllBytes(file);

        RegistryException failure = assertThrows(RegistryException.class, () -> SqliteSnapshotRegistry.open(file, TEN));

        assertEquals("open failed on SQLite database " + file + ": it is a file of the Rust original with rows"
                + " that no registry can hold (rule 1), so it is not adopted and left unchanged:"
                + " row rowid 2: key is NULL;"
                + " row rowid 3: key: key must not be empty;"
                + " row rowid 4: key is not well-formed UTF-8 (an unpaired surrogate or other invalid bytes);"
                + " row rowid 5: snapshot_id: snapshot id must not be blank;"
                + " row rowid 6: accessed_at is NULL;"
                + " and 2 more rows like these", failure.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file's bytes changed");
        assertEquals(List.of("rust.db"), PlainSql.filesIn(folder));
        assertEquals("delete", query(file, "PRAGMA journal_mode"));
    }

    @Test
    void checkStorageNamesEntriesThatBreakRuleOne() throws Exception {
        Path file = folder.resolve("registry.db");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, TEN)) {
            registry.put("a", SnapshotId.of("A"));
            registry.put("b", SnapshotId.of("B"));
            execute(file, "UPDATE entry SET snapshot_id = ' ' WHERE key = 'b'");

            assertEquals(List.of("entry access_seq 2: snapshot_id: snapshot id must not be blank"), registry.checkStorage());
        }
    }

    private static String query(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
