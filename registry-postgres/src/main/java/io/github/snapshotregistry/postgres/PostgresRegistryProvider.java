package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.SnapshotRegistryProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens {@link PostgresSnapshotRegistry}s for {@link SnapshotRegistries#open} by URI: {@code
 * postgresql://host[:port]/database?registry=name&schema=s&deliveryLeaseMillis=n&user=u&password=p},
 * where {@code registry}, {@code schema} and {@code deliveryLeaseMillis} are optional and every
 * other parameter goes to the PostgreSQL JDBC driver as written. The registry borrows a new
 * connection from the driver for each operation (no pool): an application that wants a pool opens
 * the registry with {@link PostgresSnapshotRegistry#builder} and its own DataSource instead.
 */
public final class PostgresRegistryProvider implements SnapshotRegistryProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PostgresRegistryProvider() {}

    /** {@inheritDoc} */
    @Override
    public String scheme() {
        return "postgresql";
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the location is not {@code //host/database...}, a
     *     parameter's value is not percent-encoded, or a registry parameter is invalid; the message
     *     never repeats the driver's parameters, which may hold a password
     */
    @Override
    public SnapshotRegistry open(String location, RegistryConfig config) {
        return builder(location).open(config);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: no Flyway migration, no schema or registry created, no eviction and no delivery;
     * the schema may be of any version up to this library's. No expiry applies: an expired entry
     * is reported, never removed.
     *
     * @throws IllegalArgumentException as {@link #open} does
     * @throws RegistryException if the database cannot be reached, the schema holds no registry or
     *     one newer than this library, or it has no registry of the URI's name
     */
    @Override
    public SnapshotRegistry inspect(String location) {
        return builder(location).inspect();
    }

    private static PostgresSnapshotRegistry.Builder builder(String location) {
        if (!location.startsWith("//") || location.length() == 2) {
            throw new IllegalArgumentException(
                    "a postgresql registry URI is postgresql://host[:port]/database?registry=name, was postgresql:"
                            + withoutParameters(location));
        }
        int query = location.indexOf('?');
        String address = query < 0 ? location : location.substring(0, query);
        List<String> driverParameters = new ArrayList<>();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        String registry = PostgresSnapshotRegistry.DEFAULT_NAME;
        String schema = PostgresSnapshotRegistry.DEFAULT_SCHEMA;
        Duration lease = PostgresSnapshotRegistry.DEFAULT_DELIVERY_LEASE;
        for (String parameter : query < 0 ? new String[0] : location.substring(query + 1).split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = decode(name, equals < 0 ? "" : parameter.substring(equals + 1));
            switch (name) {
                case "registry" -> registry = value;
                case "schema" -> schema = value;
                case "deliveryLeaseMillis" -> lease = Duration.ofMillis(parseMillis(value));
                default -> driverParameters.add(parameter);
            }
        }
        String url = "jdbc:postgresql:" + address
                + (driverParameters.isEmpty() ? "" : "?" + String.join("&", driverParameters));
        try {
            dataSource.setURL(url);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("the PostgreSQL driver rejects the registry URI postgresql:" + address
                    + " (parameters not shown)");
        }
        return PostgresSnapshotRegistry.builder(dataSource)
                .registryName(registry)
                .schema(schema)
                .deliveryLease(lease);
    }

    /** Decodes a parameter's value; a malformed one is named, and none of its characters shown. */
    private static String decode(String name, String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("parameter '" + name
                    + "' of the postgresql registry URI is not percent-encoded (its value is not shown)");
        }
    }

    private static long parseMillis(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("deliveryLeaseMillis must be a number of milliseconds, was '" + value + "'");
        }
    }

    private static String withoutParameters(String location) {
        int query = location.indexOf('?');
        return query < 0 ? location : location.substring(0, query) + "?...";
    }
}
