package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotRegistriesTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder().maxEntries(1).build();

    @BeforeEach
    void forgetTheLastOpen() {
        Recorder.lastLocation = null;
    }

    @Test
    void theProviderOfTheSchemeOpensTheLocationAfterTheColon() {
        SnapshotRegistry registry = SnapshotRegistries.open("recorder:/var/cache/reg.db?x=1", CONFIG);

        assertSame(Recorder.REGISTRY, registry);
        assertEquals("/var/cache/reg.db?x=1", Recorder.lastLocation);
    }

    @Test
    void theSchemeIsMatchedIgnoringCase() {
        SnapshotRegistries.open("ReCorder:", CONFIG);
        assertEquals("", Recorder.lastLocation);
    }

    @Test
    void anUnknownSchemeListsTheSchemesOnTheClasspath() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> SnapshotRegistries.open("redis://h/0", CONFIG));
        assertEquals(
                "no registry adapter for scheme 'redis' on the classpath (schemes found: recorder)",
                e.getMessage());
    }

    @Test
    void aUriWithoutASchemeSaysWhatIsExpected() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> SnapshotRegistries.open("/var/cache/reg.db", CONFIG));
        assertEquals("registry URI '/var/cache/reg.db' has no scheme: expected scheme:location,"
                + " such as sqlite:/var/cache/registry.db", e.getMessage());
        assertNull(Recorder.lastLocation);
    }

    @Test
    void nullArgumentsAreNamed() {
        assertEquals("uri must not be null", assertThrows(NullPointerException.class,
                () -> SnapshotRegistries.open(null, CONFIG)).getMessage());
        assertEquals("config must not be null", assertThrows(NullPointerException.class,
                () -> SnapshotRegistries.open("recorder:", null)).getMessage());
    }

    @Test
    void inspectAsksTheProviderOfTheSchemeToInspectTheLocation() {
        SnapshotRegistry registry = SnapshotRegistries.inspect("RECORDER:/var/cache/reg.db");

        assertSame(Recorder.REGISTRY, registry);
        assertEquals("inspect /var/cache/reg.db", Recorder.lastLocation);
    }

    @Test
    void inspectRejectsAUriLikeOpen() {
        assertEquals("uri must not be null", assertThrows(NullPointerException.class,
                () -> SnapshotRegistries.inspect(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnapshotRegistries.inspect("/var/cache/reg.db"));
        assertEquals("no registry adapter for scheme 'redis' on the classpath (schemes found: recorder)",
                assertThrows(IllegalArgumentException.class, () -> SnapshotRegistries.inspect("redis:")).getMessage());
        assertNull(Recorder.lastLocation);
    }

    @Test
    void aProviderThatCannotInspectSaysWhichItIs() {
        SnapshotRegistryProvider provider = new SnapshotRegistryProvider() {
            @Override
            public String scheme() {
                return "plain";
            }

            @Override
            public SnapshotRegistry open(String location, RegistryConfig config) {
                throw new AssertionError("not opened");
            }
        };

        var e = assertThrows(UnsupportedOperationException.class, () -> provider.inspect("x"));
        assertEquals("the registry adapter " + provider.getClass().getName()
                + " (scheme plain) cannot open a store for inspection only", e.getMessage());
    }

    @Test
    void schemesListsEveryProviderFound() {
        assertEquals(Set.of("recorder"), SnapshotRegistries.schemes());
    }

    /** A provider registered in this module's test resources; it remembers what it was asked. */
    public static final class Recorder implements SnapshotRegistryProvider {

        static final SnapshotRegistry REGISTRY = (SnapshotRegistry) Proxy.newProxyInstance(
                SnapshotRegistry.class.getClassLoader(),
                new Class<?>[] {SnapshotRegistry.class},
                (proxy, method, args) -> null);

        static volatile String lastLocation;

        @Override
        public String scheme() {
            return "recorder";
        }

        @Override
        public SnapshotRegistry open(String location, RegistryConfig config) {
            lastLocation = location;
            return REGISTRY;
        }

        @Override
        public SnapshotRegistry inspect(String location) {
            lastLocation = "inspect " + location;
            return REGISTRY;
        }
    }
}
