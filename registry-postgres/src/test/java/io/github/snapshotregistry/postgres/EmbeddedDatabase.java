package io.github.snapshotregistry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the module's one embedded PostgreSQL server, which starts on first use and
 * stops when the test JVM exits. Each test makes its own database, so tests stay independent.
 *
 * @param name the database's name
 * @param jdbcUrl its URL, for child JVMs
 */
record EmbeddedDatabase(String name, String jdbcUrl) {

    static final String USER = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    /** Creates a new, empty database on the shared server. */
    static EmbeddedDatabase create() {
        EmbeddedPostgres postgres = server();
        String name = "registry_test_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return new EmbeddedDatabase(name, postgres.getJdbcUrl(USER, name));
    }

    /** A new DataSource to this database: a separate client, as another host would have. */
    DataSource dataSource() {
        return dataSource(jdbcUrl);
    }

    /** A connection pool to this database, as an application would use; the caller closes it. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(size);
        config.setPoolName(name + "-" + DATABASES.incrementAndGet());
        return new HikariDataSource(config);
    }

    static DataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        return dataSource;
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
        }
        return server;
    }
}
