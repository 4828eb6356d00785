package io.github.snapshotregistry.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole contract on a PostgreSQL server the build starts: each registry the kit creates is a new
 * registry name in one database; a reopen is the same name on the same host's pool, and a shared
 * registry is the same name on a second host's pool. The provider check opens a new name by URI.
 */
class PostgresSnapshotRegistryTest extends SnapshotRegistryContract {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedDatabase database;
    private static HikariDataSource firstHost;
    private static HikariDataSource secondHost;

    private String name;

    @BeforeAll
    static void twoHosts() {
        database = EmbeddedDatabase.create();
        firstHost = database.pool(6);
        secondHost = database.pool(6);
    }

    @AfterAll
    static void closePools() {
        firstHost.close();
        secondHost.close();
    }

    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        name = "tck-" + NAMES.incrementAndGet();
        return PostgresSnapshotRegistry.builder(firstHost).registryName(name).open(config);
    }

    @Override
    protected SnapshotRegistry reopen(RegistryConfig config) {
        return PostgresSnapshotRegistry.builder(firstHost).registryName(name).open(config);
    }

    @Override
    protected SnapshotRegistry openShared(RegistryConfig config) {
        return PostgresSnapshotRegistry.builder(secondHost).registryName(name).open(config);
    }

    @Override
    protected String registryUri() {
        return database.jdbcUrl().replace("jdbc:postgresql:", "postgresql:") + "&registry=tck-uri-" + NAMES.incrementAndGet();
    }
}
