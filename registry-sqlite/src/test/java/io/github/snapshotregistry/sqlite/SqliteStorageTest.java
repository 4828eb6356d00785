package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What SQLite adds to the contract: durability details, sharing a file, its failures and options. */
class SqliteStorageTest {

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("registry.db");
    }

    private static RegistryConfig bound(long maxEntries, List<Eviction> delivered) {
        return RegistryConfig.builder().maxEntries(maxEntries).evictionListener(delivered::add).build();
    }

    private static SnapshotId id(String value) {
        return SnapshotId.of(value);
    }

    private static List<String> keys(List<RegistryEntry> entries) {
        return entries.stream().map(RegistryEntry::key).toList();
    }

    @Test
    void entriesWeightsRecencyAndPendingEvictionsSurviveCloseAndReopen() {
        RegistryConfig rejecting = RegistryConfig.builder().maxEntries(3)
                .evictionListener(eviction -> {
                    throw new IOException("backend down");
                })
                .build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), rejecting)) {
            registry.put("a", id("A"), 5);
            registry.put("b", id("B"), 7);
            registry.put("c", id("C"));
            registry.get("a");
            registry.put("d", id("D"));
        }

        List<Eviction> delivered = new ArrayList<>();
        RegistryConfig accepting = bound(3, delivered);
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), accepting)) {
            assertAll(
                    () -> assertEquals(List.of("c", "a", "d"), keys(registry.entries())),
                    () -> assertEquals(7, registry.totalWeight()),
                    () -> assertEquals(List.of(new Eviction("b", id("B"), 7, RemovalCause.CAPACITY)), delivered,
                            "open delivers what an earlier registry left pending"),
                    () -> assertEquals(0, registry.pendingEvictions()));
        }
    }

    @Test
    void rowsReadBackKeepEveryColumnApartAlsoWhenAWriteAcknowledgesADelivery() {
        Instant now = Instant.ofEpochMilli(1_700_000_000_123L);
        List<Eviction> delivered = new ArrayList<>();
        RegistryConfig config = RegistryConfig.builder().maxEntries(2).evictionListener(delivered::add)
                .clock(InstantSource.fixed(now)).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), config)) {
            registry.put("a", id("A"), 3);
            registry.put("b", id("B"), 4);
            registry.put("c", id("C"), 5);
            registry.put("d", id("D"), 6);

            assertAll(
                    () -> assertEquals(List.of(new RegistryEntry("c", id("C"), 5, now),
                            new RegistryEntry("d", id("D"), 6, now)), registry.entries()),
                    () -> assertEquals(2, registry.size()),
                    () -> assertEquals(11, registry.totalWeight(), "the write of d read the counters"
                            + " in the statement acknowledging the delivery of a"),
                    () -> assertEquals(List.of(new Eviction("a", id("A"), 3, RemovalCause.CAPACITY),
                            new Eviction("b", id("B"), 4, RemovalCause.CAPACITY)), delivered),
                    () -> assertEquals(0, registry.pendingEvictions()));
        }
    }

    @Test
    void reopeningWithSmallerBoundsEvictsTheLeastRecentlyUsedBeforeOpenReturns() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            for (String key : List.of("a", "b", "c", "d")) {
                registry.put(key, id(key.toUpperCase()));
            }
            registry.get("a");
        }

        List<Eviction> delivered = new ArrayList<>();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(2, delivered))) {
            assertAll(
                    () -> assertEquals(List.of("d", "a"), keys(registry.entries())),
                    () -> assertEquals(List.of(
                            new Eviction("b", id("B"), 1, RemovalCause.CAPACITY),
                            new Eviction("c", id("C"), 1, RemovalCause.CAPACITY)), delivered),
                    () -> assertEquals(2, registry.stats().evictionCount(), "open's evictions are counted"));
        }
    }

    @Test
    void aListenerThatThrowsDuringOpenLeavesTheEvictionPendingAndOpenSucceeds() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            registry.put("a", id("A"));
            registry.put("b", id("B"));
        }
        RegistryConfig failing = RegistryConfig.builder().maxEntries(1)
                .evictionListener(eviction -> {
                    throw new IOException("backend down");
                })
                .build();

        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), failing)) {
            assertEquals(List.of(new Eviction("a", id("A"), 1, RemovalCause.CAPACITY)), registry.listPendingEvictions());
            assertEquals(1, registry.size());
        }
    }

    @Test
    void twoRegistriesOnOneFileShareEntriesBoundsAndRecency() {
        List<Eviction> first = new ArrayList<>();
        List<Eviction> second = new ArrayList<>();
        try (SqliteSnapshotRegistry one = SqliteSnapshotRegistry.open(file(), bound(2, first));
                SqliteSnapshotRegistry two = SqliteSnapshotRegistry.open(file(), bound(2, second))) {
            one.put("a", id("A"));
            two.put("b", id("B"));
            one.get("a");
            two.put("c", id("C"));

            assertAll(
                    () -> assertEquals(List.of("a", "c"), keys(one.entries())),
                    () -> assertEquals(2, one.size()),
                    () -> assertEquals(List.of(), first),
                    () -> assertEquals(List.of(new Eviction("b", id("B"), 1, RemovalCause.CAPACITY)), second));
        }
    }

    @Test
    void anyValidKeyAndIdRoundTripExactly() {
        List<String> keys = List.of("a\0b", "a\0c", "emoji \uD83D\uDE00", "it's \"quoted\" % _ ;--",
                "'); DROP TABLE entry; --", " ", "x".repeat(2048));
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(100, new ArrayList<>()))) {
            for (int i = 0; i < keys.size(); i++) {
                registry.put(keys.get(i), id(keys.get(keys.size() - 1 - i).substring(0, 1) + " id " + i));
            }
        }
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(100, new ArrayList<>()))) {
            assertEquals(keys, keys(registry.entries()));
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(Optional.of(id(keys.get(keys.size() - 1 - i).substring(0, 1) + " id " + i)),
                        registry.get(keys.get(i)), keys.get(i));
            }
            assertEquals(Optional.empty(), registry.get("a"));
        }
    }

    @Test
    void aFullDiskMakesPutThrowAndLeavesTheEarlierContentIntactAndReadable() {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(1_000_000, new ArrayList<>()))) {
            registry.put("kept", id("kept-id"));
            registry.limitPages(1);
            String big = "y".repeat(2000);

            RegistryException failure = assertThrows(RegistryException.class, () -> {
                for (int i = 0; i < 10_000; i++) {
                    registry.put(big + i, id("id-" + i));
                }
            });

            assertTrue(failure.getMessage().startsWith("put failed on SQLite database " + file()), failure.getMessage());
            assertTrue(failure.getMessage().contains("SQLITE_FULL"), failure.getMessage());
            assertEquals(Optional.of(id("kept-id")), registry.peek("kept"));
            assertEquals(registry.entries().size(), registry.size());
            assertEquals(List.of(), registry.checkStorage());
        }
    }

    @Test
    void aStorageFailureNamesTheOperationAndTheFileAndIsNeverAnAbsentAnswer() throws SQLException {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            registry.put("key", id("id"));
            execute("DROP TABLE entry");

            RegistryException failure = assertThrows(RegistryException.class, () -> registry.get("key"));

            assertTrue(failure.getMessage().startsWith("get failed on SQLite database " + file() + ": "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("no such table: entry"), failure.getMessage());
        }
    }

    @Test
    void aWriteLockHeldLongerThanTheBusyTimeoutFailsTheOperationAndChangesNothing() throws SQLException {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.builder(file())
                .busyTimeout(Duration.ofMillis(100))
                .open(bound(10, new ArrayList<>()))) {
            registry.put("a", id("A"));
            try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + file());
                    Statement statement = holder.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");

                RegistryException failure = assertThrows(RegistryException.class, () -> registry.put("b", id("B")));

                assertTrue(failure.getMessage().contains("longer than the busy timeout (100 ms)"), failure.getMessage());
                statement.execute("ROLLBACK");
            }
            assertEquals(List.of("a"), keys(registry.entries()));
            registry.put("b", id("B"));
            assertEquals(2, registry.size());
        }
    }

    @Test
    void theBuilderRejectsInvalidOptionsNamingThemAndCreatesNoFile() {
        SqliteSnapshotRegistry.Builder builder = SqliteSnapshotRegistry.builder(file());

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> builder.busyTimeout(Duration.ofMillis(-1)));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> builder.busyTimeout(Duration.ofMillis(Integer.MAX_VALUE + 1L)));

        assertAll(
                () -> assertEquals("busyTimeout must be from 0 to " + Integer.MAX_VALUE + " ms, was PT-0.001S",
                        negative.getMessage()),
                () -> assertTrue(tooLong.getMessage().startsWith("busyTimeout must be from 0"), tooLong.getMessage()),
                () -> assertEquals("busyTimeout must not be null",
                        assertThrows(NullPointerException.class, () -> builder.busyTimeout(null)).getMessage()),
                () -> assertEquals("synchronous must not be null",
                        assertThrows(NullPointerException.class, () -> builder.synchronous(null)).getMessage()),
                () -> assertEquals("config must not be null",
                        assertThrows(NullPointerException.class, () -> builder.open(null)).getMessage()),
                () -> assertEquals("file must not be null",
                        assertThrows(NullPointerException.class, () -> SqliteSnapshotRegistry.builder(null)).getMessage()),
                () -> assertFalse(Files.exists(file()), "a rejected option creates no file"));
    }

    @Test
    void theFileIsInWalModeWithTheChosenSynchronousMode() throws SQLException {
        try (SqliteSnapshotRegistry normal = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            assertEquals(1, normal.synchronousMode(), "NORMAL");
        }
        try (SqliteSnapshotRegistry full = SqliteSnapshotRegistry.builder(file())
                .synchronous(SqliteSnapshotRegistry.Synchronous.FULL)
                .open(bound(10, new ArrayList<>()))) {
            assertEquals(2, full.synchronousMode(), "FULL");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("PRAGMA journal_mode");
            result.next();
            assertEquals("wal", result.getString(1));
        }
    }

    @Test
    void closeIsIdempotentAndEveryOtherCallAfterItThrowsIllegalState() {
        SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()));
        registry.close();
        registry.close();

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> registry.get(null));
        assertEquals("registry is closed", failure.getMessage());
        assertThrows(IllegalStateException.class, registry::checkStorage);
        assertThrows(IllegalStateException.class, registry::listPendingEvictions);
    }

    @Test
    void checkStorageReportsCounterDriftAndPendingEvictionsOfMappedIds() throws SQLException {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            registry.put("a", id("A"), 3);
            assertEquals(List.of(), registry.checkStorage());

            execute("UPDATE registry_state SET entry_count = 5, total_weight = 1");
            execute("INSERT INTO pending_eviction (key, snapshot_id, weight, cause) VALUES ('old', 'A', 1, 'EXPLICIT')");

            assertEquals(List.of(
                    "entry_count is 5 but there are 1 entries",
                    "total_weight is 1 but the entries weigh 3",
                    "pending_count is 0 but there are 1 pending evictions",
                    "1 pending evictions name snapshot ids that entries map again"), registry.checkStorage());
        }
    }

    @Test
    void twoThreadsDeliveringPendingEvictionsNeverOfferOneTwice() throws Exception {
        CountDownLatch firstOffered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> offered = Collections.synchronizedList(new ArrayList<>());
        boolean[] failing = {true};
        RegistryConfig config = RegistryConfig.builder().maxEntries(1).evictionListener(eviction -> {
            if (failing[0]) {
                throw new IOException("backend down");
            }
            offered.add(eviction.snapshotId().value());
            if (eviction.snapshotId().value().equals("A")) {
                firstOffered.countDown();
                release.await();
            }
        }).build();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), config)) {
            for (String key : List.of("a", "b", "c", "d")) {
                registry.put(key, id(key.toUpperCase()));
            }
            failing[0] = false;

            Future<Integer> blocked = thread.submit(registry::deliverPendingEvictions);
            firstOffered.await();
            int byMain = registry.deliverPendingEvictions();
            release.countDown();

            assertEquals(3, blocked.get() + byMain);
            assertEquals(List.of("A", "B", "C"), offered.stream().sorted().toList());
            assertEquals(0, registry.pendingEvictions());
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void anAcceptedEvictionThatCannotBeDeletedFailsTheNextWriteNamingItAndTheFile() {
        List<String> offered = new ArrayList<>();
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).evictionListener(eviction -> {
            offered.add(eviction.snapshotId().value());
            if (offered.size() == 1) {
                execute("DROP TABLE pending_eviction");
            }
        }).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), config)) {
            registry.put("a", id("A"));
            registry.put("b", id("B"));
            RegistryException offering = assertThrows(RegistryException.class, registry::invalidateAll);

            RegistryException failure = assertThrows(RegistryException.class, () -> registry.put("c", id("C")));

            assertTrue(offering.getMessage().startsWith("invalidateAll (reading a pending eviction again before"
                    + " offering it) failed on SQLite database " + file() + ": "), offering.getMessage());
            assertTrue(failure.getMessage().startsWith("put failed on SQLite database " + file() + ": "),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("no such table: pending_eviction"), failure.getMessage());
            assertEquals(List.of("A"), offered, "B, whose eviction could not be read again, was not offered");
            assertEquals(0, registry.size(), "the failed put stored nothing");
        }
    }

    @Test
    void anEvictionAcceptedBeforeAListenerErrorIsNeitherCountedNorOfferedAgain() {
        List<String> offered = new ArrayList<>();
        boolean[] failing = {true};
        RegistryConfig config = RegistryConfig.builder().maxEntries(10).evictionListener(eviction -> {
            offered.add(eviction.snapshotId().value());
            if (failing[0] && eviction.snapshotId().equals(id("B"))) {
                throw new ListenerError();
            }
        }).build();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), config)) {
            registry.put("a", id("A"));
            registry.put("b", id("B"));

            assertThrows(ListenerError.class, registry::invalidateAll);
            failing[0] = false;

            assertEquals(1, registry.pendingEvictions());
            assertEquals(List.of(id("B")), registry.listPendingEvictions().stream().map(Eviction::snapshotId).toList());
            assertEquals(1, registry.deliverPendingEvictions());
            assertEquals(List.of("A", "B", "B"), offered);
            RegistryConfig plain = RegistryConfig.builder().maxEntries(10).build();
            try (SqliteSnapshotRegistry other = SqliteSnapshotRegistry.open(file(), plain)) {
                assertEquals(0, other.pendingEvictions(), "deliverPendingEvictions deleted A and B from the file");
            }
        }
    }

    @Test
    void aFailureToReadPendingEvictionsNamesDeliverPendingEvictionsAndTheFile() throws SQLException {
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file(), bound(10, new ArrayList<>()))) {
            execute("DROP TABLE pending_eviction");

            RegistryException failure = assertThrows(RegistryException.class, registry::deliverPendingEvictions);

            assertTrue(failure.getMessage().startsWith("deliverPendingEvictions (reading pending evictions) failed on"
                    + " SQLite database " + file() + ": "), failure.getMessage());
            assertTrue(failure.getMessage().contains("no such table: pending_eviction"), failure.getMessage());
        }
    }

    /** An {@link Error} of the listener's own, so that no other error passes for it. */
    @Test
    void anEvictionAcceptedByOneRegistryNeverTakesANewerEvictionOfTheSameIdWithItFromAnother() {
        Path file = folder.resolve("registry.db");
        List<Eviction> acceptedByFirst = new ArrayList<>();
        RegistryConfig refusing = RegistryConfig.builder().maxEntries(10).evictionListener(eviction -> {
            throw new IllegalStateException("the second registry's listener refuses");
        }).build();
        try (SqliteSnapshotRegistry first = SqliteSnapshotRegistry.open(file, bound(10, acceptedByFirst));
                SqliteSnapshotRegistry second = SqliteSnapshotRegistry.open(file, refusing)) {
            first.put("a", id("X"));
            first.invalidate("a");
            second.put("c", id("X"));
            second.invalidate("c");

            first.put("z", id("Q"));

            assertEquals(List.of(new Eviction("a", id("X"), 1, RemovalCause.EXPLICIT)), acceptedByFirst);
            assertEquals(List.of(new Eviction("c", id("X"), 1, RemovalCause.EXPLICIT)), second.listPendingEvictions(),
                    "the first registry's delayed delete of its delivered row must not remove the second's newer one");
        }
    }

    private static final class ListenerError extends Error {}

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
