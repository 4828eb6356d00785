package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule 6 where "delete" and "map again" meet: an id is never offered to a listener while a key maps
 * it again, within one instance (a put of the id waits for the offer in progress) and across
 * instances (each offer re-checks storage first).
 */
class RemappingTest {

    private static final SnapshotId X = SnapshotId.of("X");
    private static final RegistryConfig.Builder CONFIG = RegistryConfig.builder().maxEntries(10);

    private final List<Eviction> delivered = new CopyOnWriteArrayList<>();
    private EmbeddedDatabase database;

    @BeforeEach
    void database() {
        database = EmbeddedDatabase.create();
    }

    @Test
    void aPutOfAnIdOnAnotherThreadWaitsUntilTheListenerOfferedThatIdReturns() throws Exception {
        CountDownLatch offered = new CountDownLatch(1);
        CountDownLatch deleted = new CountDownLatch(1);
        EvictionListener deleting = eviction -> {
            offered.countDown();
            deleted.await();
            delivered.add(eviction);
        };
        try (PostgresSnapshotRegistry registry = open(deleting)) {
            registry.put("k1", X);
            Thread invalidating = start(() -> registry.invalidate("k1"));
            offered.await();

            Thread mapping = start(() -> registry.put("k3", X));
            awaitWaitingOrDone(mapping);
            Optional<SnapshotId> whileDeleting = registry.peek("k3");
            deleted.countDown();
            invalidating.join();
            mapping.join();

            assertEquals(Optional.empty(), whileDeleting, "the put committed while a listener was deleting its id");
            assertEquals(Optional.of(X), registry.peek("k3"));
            assertEquals(List.of(new Eviction("k1", X, 1, RemovalCause.EXPLICIT)), delivered);
        }
    }

    @Test
    void aListenerMayMapTheIdItIsOfferedOnItsOwnThreadWithoutWaiting() {
        PostgresSnapshotRegistry[] self = new PostgresSnapshotRegistry[1];
        try (PostgresSnapshotRegistry registry = open(eviction -> {
            self[0].put("k3", eviction.snapshotId());
            delivered.add(eviction);
        })) {
            self[0] = registry;
            registry.put("k1", X);

            registry.invalidate("k1");

            assertEquals(Optional.of(X), registry.peek("k3"));
            assertEquals(List.of(new Eviction("k1", X, 1, RemovalCause.EXPLICIT)), delivered);
            assertEquals(0, registry.pendingEvictions());
        }
    }

    @Test
    void anIdThatAnotherInstanceMapsAgainBeforeItsOfferIsNotOffered() {
        SnapshotId w = SnapshotId.of("W");
        try (PostgresSnapshotRegistry other = open(delivered::add);
                PostgresSnapshotRegistry registry = open(eviction -> {
                    if (eviction.snapshotId().equals(w)) {
                        other.put("k3", X);
                    }
                    delivered.add(eviction);
                })) {
            registry.put("k0", w);
            registry.put("k1", X);

            registry.invalidateAll();

            assertEquals(List.of(new Eviction("k0", w, 1, RemovalCause.EXPLICIT)), delivered);
            assertEquals(Optional.of(X), registry.peek("k3"));
            assertEquals(0, registry.pendingEvictions());
        }
    }

    private PostgresSnapshotRegistry open(EvictionListener listener) {
        return PostgresSnapshotRegistry.open(database.dataSource(), CONFIG.evictionListener(listener).build());
    }

    private static Thread start(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    /** Polls until the thread waits (for a lock or a signal) or has finished; never sleeps. */
    private static void awaitWaitingOrDone(Thread thread) {
        EnumSet<Thread.State> settled = EnumSet.of(
                Thread.State.WAITING, Thread.State.TIMED_WAITING, Thread.State.BLOCKED, Thread.State.TERMINATED);
        while (!settled.contains(thread.getState())) {
            Thread.onSpinWait();
        }
    }
}
