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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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

    /**
     * Adds entries {@code key i -> id i} (weight 1, last access 0) to the registry named {@code
     * default}, least recently used first, with the counters its own writes would keep: fast enough
     * for a million.
     */
    static void fill(DataSource dataSource, int count) {
        try (Handle handle = Jdbi.open(dataSource)) {
            handle.useTransaction(transaction -> {
                long registry = transaction.createQuery("SELECT id FROM snapshot_registry.registry WHERE name = 'default'")
                        .mapTo(Long.class).one();
                transaction.createUpdate("INSERT INTO snapshot_registry.entry"
                                + " (registry_id, key, snapshot_id, weight, last_access, access_seq)"
                                + " SELECT :registry, convert_to('key ' || i, 'UTF8'), convert_to('id ' || i, 'UTF8'), 1, 0, i + 1"
                                + " FROM generate_series(0, :count - 1) AS i")
                        .bind("registry", registry).bind("count", count).execute();
                transaction.createUpdate("UPDATE snapshot_registry.registry"
                                + " SET entry_count = :count, total_weight = :count WHERE id = :registry")
                        .bind("registry", registry).bind("count", count).execute();
                transaction.createQuery("SELECT setval('snapshot_registry.access_seq', :count + 1)")
                        .bind("count", count).mapTo(Long.class).one();
            });
        }
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
