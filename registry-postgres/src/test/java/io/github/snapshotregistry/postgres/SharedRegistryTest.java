package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two hosts (two registries on two connection pools) opening the same registry name are one registry. */
class SharedRegistryTest {

    private HikariDataSource firstHost;
    private HikariDataSource secondHost;

    @BeforeEach
    void twoHosts() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        firstHost = database.pool(2);
        secondHost = database.pool(2);
    }

    @AfterEach
    void closePools() {
        firstHost.close();
        secondHost.close();
    }

    @Test
    void twoHostsShareOneBoundAndOneRecencyOrder() {
        RegistryConfig two = RegistryConfig.builder().maxEntries(2).build();
        try (PostgresSnapshotRegistry first = PostgresSnapshotRegistry.open(firstHost, two);
                PostgresSnapshotRegistry second = PostgresSnapshotRegistry.open(secondHost, two)) {
            first.put("a", SnapshotId.of("1"));
            second.put("b", SnapshotId.of("2"));
            first.get("a");
            second.put("c", SnapshotId.of("3"));

            assertAll(
                    () -> assertEquals(List.of("a", "c"), first.entries().stream().map(RegistryEntry::key).toList()),
                    () -> assertEquals(Optional.empty(), second.peek("b")),
                    () -> assertEquals(2, first.size()));
        }
    }

    @Test
    void anEvictionTheFirstHostFailedToDeliverIsDeliveredByTheSecond() throws Exception {
        EvictionListener failing = mock(EvictionListener.class);
        doThrow(new IllegalStateException("backend down")).when(failing).onEviction(any());
        EvictionListener working = mock(EvictionListener.class);
        try (PostgresSnapshotRegistry first = PostgresSnapshotRegistry.open(
                        firstHost, RegistryConfig.builder().maxEntries(1).evictionListener(failing).build());
                PostgresSnapshotRegistry second = PostgresSnapshotRegistry.open(
                        secondHost, RegistryConfig.builder().maxEntries(1).evictionListener(working).build())) {
            first.put("a", SnapshotId.of("1"));
            first.put("b", SnapshotId.of("2"));

            assertEquals(1, second.pendingEvictions());
            assertEquals(1, second.deliverPendingEvictions());

            verify(working).onEviction(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.CAPACITY));
            assertEquals(0, first.pendingEvictions());
        }
    }

    @Test
    void anErrorFromTheListenerReleasesTheClaimsSoAnotherHostDeliversAtOnce() throws Exception {
        EvictionListener fatal = mock(EvictionListener.class);
        doThrow(new OutOfMemoryError("listener")).when(fatal).onEviction(any());
        EvictionListener working = mock(EvictionListener.class);
        try (PostgresSnapshotRegistry first = PostgresSnapshotRegistry.open(
                        firstHost, RegistryConfig.builder().maxEntries(1).evictionListener(fatal).build());
                PostgresSnapshotRegistry second = PostgresSnapshotRegistry.open(
                        secondHost, RegistryConfig.builder().maxEntries(1).evictionListener(working).build())) {
            first.put("a", SnapshotId.of("1"));

            assertThrows(OutOfMemoryError.class, () -> first.put("b", SnapshotId.of("2")));

            assertEquals(Optional.of(SnapshotId.of("2")), second.peek("b"), "the change was committed");
            assertEquals(1, second.deliverPendingEvictions());
            verify(working).onEviction(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.CAPACITY));
        }
    }

    @Test
    void aClaimedEvictionIsNotOfferedByAnotherHostUntilItsLeaseExpires() throws Exception {
        EvictionListener second = mock(EvictionListener.class);
        try (PostgresSnapshotRegistry writer = PostgresSnapshotRegistry.open(
                        firstHost, RegistryConfig.builder().maxEntries(1).evictionListener(eviction -> {
                            try (PostgresSnapshotRegistry other = PostgresSnapshotRegistry.open(
                                    secondHost, RegistryConfig.builder().maxEntries(1).evictionListener(second).build())) {
                                assertEquals(0, other.deliverPendingEvictions(), "offered while claimed");
                            }
                        }).build())) {
            writer.put("a", SnapshotId.of("1"));
            writer.put("b", SnapshotId.of("2"));

            assertEquals(0, writer.pendingEvictions());
            verifyNoInteractions(second);
        }
    }

    @Test
    void reopeningWithSmallerBoundsEvictsDownBeforeOpenReturns() throws Exception {
        try (PostgresSnapshotRegistry first = PostgresSnapshotRegistry.open(
                firstHost, RegistryConfig.builder().maxEntries(3).build())) {
            first.put("a", SnapshotId.of("1"));
            first.put("b", SnapshotId.of("2"));
            first.put("c", SnapshotId.of("3"));
        }
        EvictionListener listener = mock(EvictionListener.class);

        try (PostgresSnapshotRegistry reopened = PostgresSnapshotRegistry.open(
                secondHost, RegistryConfig.builder().maxEntries(1).evictionListener(listener).build())) {
            verify(listener).onEviction(new Eviction("a", SnapshotId.of("1"), 1, RemovalCause.CAPACITY));
            verify(listener).onEviction(new Eviction("b", SnapshotId.of("2"), 1, RemovalCause.CAPACITY));
            assertEquals(2, reopened.stats().evictionCount());
            assertEquals(List.of("c"), reopened.entries().stream().map(RegistryEntry::key).toList());
        }
    }
}
