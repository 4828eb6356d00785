package io.github.snapshotregistry.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/** What tests do to a database file behind the library's back: plain JDBC, and a look at the folder. */
final class PlainSql {

    private PlainSql() {}

    /** Runs statements on the file through a connection of its own. */
    static void execute(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Makes a registry file of an earlier schema version, as that version of the library created it. */
    static void migrateTo(Path file, int version) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(Storage.dataSource(file, new SQLiteConfig()))
                .loggers("slf4j")
                .table(Migrations.HISTORY_TABLE)
                .locations("classpath:io/github/snapshotregistry/sqlite/migration")
                .target(String.valueOf(version))
                .load()
                .migrate();
    }

    /** The names of the files in a folder, sorted. */
    static List<String> filesIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
