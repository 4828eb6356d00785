package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each offer reads its eviction again from the file right before the listener is called. */
class OfferTest {

    private static final RegistryConfig PLAIN = RegistryConfig.builder().maxEntries(10).build();

    @TempDir
    Path folder;

    @Test
    void anIdThatAnotherRegistryMapsAgainAfterTheCommitIsNotOfferedAndStaysMapped() {
        Path file = folder.resolve("registry.db");
        List<Eviction> offered = new ArrayList<>();
        AtomicReference<SqliteSnapshotRegistry> other = new AtomicReference<>();
        RegistryConfig config = PLAIN.toBuilder().evictionListener(eviction -> {
            offered.add(eviction);
            if (eviction.snapshotId().equals(SnapshotId.of("first"))) {
                other.get().put("elsewhere", SnapshotId.of("second"));
            }
        }).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config);
                SqliteSnapshotRegistry second = SqliteSnapshotRegistry.open(file, PLAIN)) {
            other.set(second);
            registry.put("a", SnapshotId.of("first"));
            registry.put("b", SnapshotId.of("second"));

            registry.invalidateAll();

            assertEquals(List.of(new Eviction("a", SnapshotId.of("first"), 1, RemovalCause.EXPLICIT)), offered,
                    "'second' was mapped again by the other registry between the commit and its offer");
            assertEquals(Optional.of(SnapshotId.of("second")), registry.peek("elsewhere"));
            assertEquals(0, registry.deliverPendingEvictions());
            assertEquals(0, second.pendingEvictions(), "the other registry's put cancelled the eviction");
            assertEquals(List.of(), registry.checkStorage());
        }
    }
}
