package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL could get wrong on its own: text it cannot store as text, index entries too large
 * for a B-tree, a clock that never moves, and the order in which one transaction's removals are
 * delivered. The contract as a whole is the TCK's.
 */
class StorageRoundTripTest {

    private final List<Eviction> delivered = new CopyOnWriteArrayList<>();
    private EmbeddedDatabase database;

    @BeforeEach
    void database() {
        database = EmbeddedDatabase.create();
    }

    @Test
    void keysAndIdsPostgresTextCannotHoldRoundTrip() {
        List<String> keys = List.of("nul\0inside", "emoji \uD83D\uDE00", "'; DROP TABLE entry; --", "100% _like_",
                "€".repeat(2048), "\uD83D\uDE00".repeat(1024));
        try (PostgresSnapshotRegistry registry = open(RegistryConfig.builder().maxEntries(100))) {
            for (String key : keys) {
                registry.put(key, SnapshotId.of(key.replace("\0", "0")));
            }

            assertAll(keys.stream().map(key -> () -> assertEquals(
                    Optional.of(SnapshotId.of(key.replace("\0", "0"))), registry.get(key), key)));
            assertEquals(keys, registry.entries().stream().map(RegistryEntry::key).toList());
        }
    }

    @Test
    void accessesInOneMillisecondKeepTheirOrder() {
        InstantSource stopped = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00.123456Z"));
        try (PostgresSnapshotRegistry registry = open(RegistryConfig.builder().maxEntries(2).clock(stopped).evictionListener(delivered::add))) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));
            registry.get("a");
            registry.put("c", SnapshotId.of("3"));

            assertEquals(List.of(new Eviction("b", SnapshotId.of("2"), 1, RemovalCause.CAPACITY)), delivered);
            assertEquals(Instant.parse("2026-01-01T00:00:00.123Z"), registry.entries().get(0).lastAccess());
        }
    }

    @Test
    void oneWriteDeliversItsExpiredThenItsReplacedThenItsCapacityRemovals() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant[] now = {start};
        RegistryConfig.Builder config = RegistryConfig.builder()
                .maxWeight(10).expireAfterAccess(Duration.ofSeconds(10)).clock(() -> now[0])
                .evictionListener(delivered::add);
        try (PostgresSnapshotRegistry registry = open(config)) {
            registry.put("old2", SnapshotId.of("o2"), 1);
            registry.put("old1", SnapshotId.of("o1"), 1);
            now[0] = start.plusSeconds(5);
            registry.put("lru", SnapshotId.of("l"), 3);
            registry.put("key", SnapshotId.of("k1"), 3);
            now[0] = start.plusSeconds(10);

            registry.put("key", SnapshotId.of("k2"), 10);

            assertEquals(List.of(
                    new Eviction("old2", SnapshotId.of("o2"), 1, RemovalCause.EXPIRED),
                    new Eviction("old1", SnapshotId.of("o1"), 1, RemovalCause.EXPIRED),
                    new Eviction("key", SnapshotId.of("k1"), 3, RemovalCause.REPLACED),
                    new Eviction("lru", SnapshotId.of("l"), 3, RemovalCause.CAPACITY)), delivered);
            assertEquals(List.of("key"), registry.entries().stream().map(RegistryEntry::key).toList());
        }
    }

    @Test
    void aRejectedDeliveryStaysPendingUntilTheListenerAcceptsIt() {
        AtomicBoolean failing = new AtomicBoolean(true);
        RegistryConfig.Builder config = RegistryConfig.builder().maxEntries(1).evictionListener(eviction -> {
            if (failing.get()) {
                throw new IllegalStateException("backend down");
            }
            delivered.add(eviction);
        });
        try (PostgresSnapshotRegistry registry = open(config)) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));
            assertEquals(1, registry.pendingEvictions());
            assertEquals(0, registry.deliverPendingEvictions());

            failing.set(false);

            assertEquals(1, registry.deliverPendingEvictions());
            assertEquals(List.of(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.CAPACITY)), delivered);
            assertEquals(0, registry.pendingEvictions());
        }
    }

    @Test
    void anErrorFromTheListenerPropagatesAfterTheCommitAndLeavesTheRestPending() {
        RegistryConfig.Builder config = RegistryConfig.builder().maxEntries(3).evictionListener(eviction -> {
            throw new StackOverflowError("listener");
        });
        try (PostgresSnapshotRegistry registry = open(config)) {
            registry.put("a", SnapshotId.of("1"));
            registry.put("b", SnapshotId.of("2"));

            assertThrows(StackOverflowError.class, registry::invalidateAll);

            assertEquals(0, registry.size());
            assertEquals(List.of(SnapshotId.of("1"), SnapshotId.of("2")),
                    registry.listPendingEvictions().stream().map(Eviction::snapshotId).toList());
        }
    }

    private PostgresSnapshotRegistry open(RegistryConfig.Builder config) {
        return PostgresSnapshotRegistry.open(database.dataSource(), config.build());
    }
}
