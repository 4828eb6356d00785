package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How this adapter's computeIfAbsent guards against a creator that would wait for itself. */
class InMemorySnapshotRegistryComputeTest {

    private final InMemorySnapshotRegistry registry =
            new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(5).build());

    @Test
    void aCreatorCallingComputeIfAbsentForItsOwnKeyIsToldSoInsteadOfWaitingForever() {
        AtomicReference<IllegalStateException> inner = new AtomicReference<>();

        SnapshotId created = registry.computeIfAbsent("k", key -> {
            inner.set(assertThrows(IllegalStateException.class,
                    () -> registry.computeIfAbsent("k", again -> SnapshotId.of("inner"))));
            return SnapshotId.of("outer");
        });

        assertEquals("the creator for key k called computeIfAbsent for that key", inner.get().getMessage());
        assertEquals(SnapshotId.of("outer"), created);
        assertEquals(Optional.of(SnapshotId.of("outer")), registry.peek("k"));
        assertEquals(new RegistryStats(0, 2, 1, 0, 0), registry.stats());
    }

    @Test
    void aCreatorMayComputeOtherKeys() {
        SnapshotId created = registry.computeIfAbsent("outer", key ->
                SnapshotId.of("with-" + registry.computeIfAbsent("inner", other -> SnapshotId.of("i")).value()));

        assertEquals(SnapshotId.of("with-i"), created);
        assertEquals(Optional.of(SnapshotId.of("i")), registry.peek("inner"));
    }

    @Test
    void aCreatorExceptionReachesTheCallerUnchangedAndStoresNothing() {
        IllegalStateException failure = new IllegalStateException("no snapshot today");

        assertSame(failure, assertThrows(IllegalStateException.class,
                () -> registry.computeIfAbsent("k", key -> {
                    throw failure;
                })));

        assertEquals(0, registry.size());
        assertEquals(SnapshotId.of("later"), registry.computeIfAbsent("k", key -> SnapshotId.of("later")));
    }
}
