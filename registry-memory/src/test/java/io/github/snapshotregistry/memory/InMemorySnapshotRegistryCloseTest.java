package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What closing does to a memory registry, which keeps nothing once closed. */
class InMemorySnapshotRegistryCloseTest {

    private static final long TIMEOUT_SECONDS = 10;
    private static final SnapshotId A = SnapshotId.of("a");

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopTheOtherThread() {
        other.shutdownNow();
    }

    @Test
    void closeDropsPendingEvictionsWithoutTellingTheListener() throws Exception {
        EvictionListener listener = mock(EvictionListener.class);
        doThrow(new Exception("refused")).when(listener).onEviction(any());
        InMemorySnapshotRegistry registry = registry(listener);
        registry.put("k", A);
        registry.invalidate("k");
        assertEquals(1, registry.pendingEvictions());

        registry.close();
        registry.close();

        verify(listener).onEviction(new Eviction("k", A, 1, RemovalCause.EXPLICIT));
        verifyNoMoreInteractions(listener);
        var e = assertThrows(IllegalStateException.class, registry::deliverPendingEvictions);
        assertEquals("registry is closed", e.getMessage());
    }

    @Test
    void aCreatorStillRunningWhenTheRegistryClosesStoresNothingAndItsCallerIsToldTheRegistryIsClosed()
            throws Exception {
        EvictionListener listener = mock(EvictionListener.class);
        InMemorySnapshotRegistry registry = registry(listener);
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Future<SnapshotId> creation = other.submit(() -> registry.computeIfAbsent("k", key -> {
            creating.countDown();
            awaitOrFail(closed);
            return A;
        }));
        assertTrue(creating.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the creator never ran");

        registry.close();
        closed.countDown();

        var e = assertThrows(ExecutionException.class, () -> creation.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(IllegalStateException.class, e.getCause().getClass());
        assertEquals("registry is closed", e.getCause().getMessage());
        verifyNoMoreInteractions(listener);
    }

    private static InMemorySnapshotRegistry registry(EvictionListener listener) {
        return new InMemorySnapshotRegistry(RegistryConfig.builder().maxEntries(10).evictionListener(listener).build());
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never counted down its latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
