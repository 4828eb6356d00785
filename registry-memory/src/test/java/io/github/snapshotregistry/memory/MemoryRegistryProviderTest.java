package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MemoryRegistryProviderTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder().maxEntries(10).build();

    @Test
    void theUriMemoryOpensAnEmptyInMemoryRegistry() {
        try (SnapshotRegistry registry = SnapshotRegistries.open("memory:", CONFIG)) {
            assertInstanceOf(InMemorySnapshotRegistry.class, registry);
            assertEquals(0, registry.size());
        }
    }

    @Test
    void theProviderIsFoundByServiceLoaderUnderTheSchemeMemory() {
        assertTrue(SnapshotRegistries.schemes().contains("memory"), SnapshotRegistries.schemes()::toString);
        assertEquals("memory", new MemoryRegistryProvider().scheme());
    }

    @Test
    void everyOpenMakesARegistryOfItsOwn() {
        try (SnapshotRegistry first = SnapshotRegistries.open("memory:", CONFIG);
                SnapshotRegistry second = SnapshotRegistries.open("MEMORY:", CONFIG)) {
            first.put("k", SnapshotId.of("a"));

            assertEquals(Optional.empty(), second.peek("k"));
        }
    }

    @Test
    void aLocationIsRejectedWithAMessageThatSaysMemoryTakesNone() {
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotRegistries.open("memory:/tmp/reg.db", CONFIG));

        assertEquals("a memory registry takes no location: expected the URI memory:, was memory:/tmp/reg.db",
                e.getMessage());
    }

    @Test
    void aNullConfigIsNamed() {
        var e = assertThrows(NullPointerException.class, () -> new MemoryRegistryProvider().open("", null));

        assertEquals("config must not be null", e.getMessage());
    }
}
