package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresRegistryProviderTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder().maxEntries(10).build();

    @Test
    void aPostgresqlUriOpensTheNamedRegistryInTheNamedSchema() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        String uri = database.jdbcUrl().replace("jdbc:postgresql:", "postgresql:") + "&registry=by%20uri&schema=uris";
        try (SnapshotRegistry registry = SnapshotRegistries.open(uri, CONFIG)) {
            registry.put("key", SnapshotId.of("id"));
        }

        try (PostgresSnapshotRegistry same = PostgresSnapshotRegistry.builder(database.dataSource())
                .registryName("by uri").schema("uris").open(CONFIG)) {
            assertEquals(Optional.of(SnapshotId.of("id")), same.peek("key"));
        }
    }

    @Test
    void aUriWithoutHostIsRejectedWithoutShowingItsParameters() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> SnapshotRegistries.open("postgresql:db?password=hunter2", CONFIG));

        assertTrue(failure.getMessage().contains("postgresql://host"), failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
    }

    @Test
    void aParameterThatIsNotPercentEncodedIsNamedButNoneOfItsCharactersIsShown() {
        Map<String, String> parameters = Map.of(
                "password=XY%ZW", "password",
                "password=XYZW%", "password",
                "user=me&password=%ZWXY", "password",
                "registry=XY%ZW", "registry");
        parameters.forEach((query, name) -> {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> SnapshotRegistries.open("postgresql://localhost:1/db?" + query, CONFIG), query);

            assertFalse(failure.getMessage().contains("XY"), failure.getMessage());
            assertFalse(failure.getMessage().contains("ZW"), failure.getMessage());
            assertTrue(failure.getMessage().contains("'" + name + "'"), failure.getMessage());
        });
    }
}
