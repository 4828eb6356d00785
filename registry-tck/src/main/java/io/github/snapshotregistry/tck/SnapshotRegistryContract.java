package io.github.snapshotregistry.tck;

import static io.github.snapshotregistry.RemovalCause.CAPACITY;
import static io.github.snapshotregistry.RemovalCause.EXPIRED;
import static io.github.snapshotregistry.RemovalCause.EXPLICIT;
import static io.github.snapshotregistry.RemovalCause.REPLACED;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistries;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The registry contract, rule by rule, as tests that any adapter runs by extending this class. The
 * rules, with the numbers the tests' names and failure messages cite, are written down in the
 * repository's <a href="https://github.com/snapshotregistry/snapshot-registry/blob/main/docs/contract.md">{@code
 * docs/contract.md}</a>:
 *
 * <pre>{@code
 * class MyRegistryTest extends SnapshotRegistryContract {
 *     @Override
 *     protected SnapshotRegistry create(RegistryConfig config) {
 *         return new MyRegistry(config);
 *     }
 * }
 * }</pre>
 *
 * <p>Tests are grouped by rule and named after it ({@code rule4_...}); every failure message begins
 * with the rule ({@code "Rule 4: ..."}) and says what was expected and what happened. Rules 8
 * (durability) and 9 (sharing) run only for adapters that override {@link #reopen} and {@link
 * #openShared}; for the others they are reported as skipped (aborted), not failed.
 *
 * <p>Beside the rules, a model-based test runs seeded random walks of every operation against a
 * reference model; a failure prints the seed, and the system properties {@value #SEED_PROPERTY},
 * {@value #WALKS_PROPERTY} and {@value #STEPS_PROPERTY} replay it or walk further.
 *
 * <p>Where the contract leaves a detail open, the kit expects this:
 *
 * <ul>
 *   <li>An operation's removals come as expired entries (least recently used first), then the
 *       operation's own removal, then capacity evictions (least recently used first); {@code
 *       invalidateAll} removes expired entries as {@code EXPIRED}, then the rest, least recently used
 *       first. A shared id is delivered with the key, weight and cause of the removal that left it
 *       unmapped.
 *   <li>Reads ({@code get}, {@code peek}, a {@code computeIfAbsent} that finds its key) remove only
 *       the expired entry they find. {@code computeIfAbsent} delivers that removal before its creator
 *       runs, so a creator that makes the same id again builds it anew after it was deleted.
 *   <li>The creator runs with no registry lock held: other calls, a {@code put} of the same key
 *       included, proceed meanwhile. So does the listener: it may call the registry, from its own
 *       thread or another.
 *   <li>Pending evictions are delivered, and listed, oldest first. {@code lastAccess} is compared at
 *       millisecond precision.
 *   <li>Calls on a closed registry throw {@code IllegalStateException}; a null creator, and a creator
 *       that returns null, a {@code NullPointerException} whose message names the creator.
 *   <li>Rule 11 (reconciliation): a stored snapshot exactly the grace period old is an orphan, one a
 *       millisecond younger is not; the grace period is measured with the registry's {@link
 *       io.github.snapshotregistry.SnapshotRegistry#clock() clock()}, which an adapter overrides
 *       to return its configuration's clock. An entry that has expired but was not yet removed
 *       still maps its id (it is no orphan) and is missing if the store lacks it; reconciling
 *       removes nothing.
 *   <li>Rule 6: a {@code put} of an id that another thread's listener is being offered waits until
 *       that listener returns.
 * </ul>
 *
 * <p>An adapter with a {@link io.github.snapshotregistry.SnapshotRegistryProvider} may also override
 * {@link #registryUri()} to have the kit check that its provider is found by scheme.
 *
 * <p>Every registry the kit creates gets the kit's clock ({@link ManualClock}, which only moves when
 * a test moves it) and the kit's listener; the kit closes them after each test.
 */
public abstract class SnapshotRegistryContract {

    /** System property: the seed of the model-based test's walk (one walk with that seed). */
    public static final String SEED_PROPERTY = "snapshotregistry.tck.seed";

    /** System property: how many random walks the model-based test takes (default 20). */
    public static final String WALKS_PROPERTY = "snapshotregistry.tck.walks";

    /** System property: how many operations each random walk has (default 200). */
    public static final String STEPS_PROPERTY = "snapshotregistry.tck.steps";

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration EXPIRY = Duration.ofMillis(100);
    private static final Duration GRACE = Duration.ofHours(1);

    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2030-01-01T00:00:00.123456789Z"));
    private final RecordingListener listener = new RecordingListener();
    private final List<SnapshotRegistry> opened = new ArrayList<>();
    private final ExecutorService helpers = Executors.newCachedThreadPool();

    /**
     * Creates a registry over fresh, empty storage.
     *
     * @param config the configuration, with the kit's clock and listener
     * @return a new, open registry
     * @throws Exception if the adapter cannot create one; the test fails
     */
    protected abstract SnapshotRegistry create(RegistryConfig config) throws Exception;

    /**
     * Durable adapters: opens the storage of the last registry {@link #create created}, after the
     * kit closed it. The default throws {@link UnsupportedOperationException}, and rule 8 is
     * skipped.
     *
     * @param config the configuration to reopen with (its bounds may be smaller than before)
     * @return a registry over the same storage
     * @throws Exception if the adapter cannot reopen; the test fails
     */
    protected SnapshotRegistry reopen(RegistryConfig config) throws Exception {
        throw new UnsupportedOperationException("reopen is not overridden: the adapter is not durable");
    }

    /**
     * Shared-storage adapters: opens a second registry on the storage of the last one {@link
     * #create created}, which is still open. The default throws {@link
     * UnsupportedOperationException}, and rule 9 is skipped.
     *
     * @param config the configuration of the second registry
     * @return a second registry over the same storage
     * @throws Exception if the adapter cannot open it; the test fails
     */
    protected SnapshotRegistry openShared(RegistryConfig config) throws Exception {
        throw new UnsupportedOperationException("openShared is not overridden: storage is not shared");
    }

    /**
     * Adapters with a {@link io.github.snapshotregistry.SnapshotRegistryProvider}: a registry URI that
     * opens this adapter over fresh storage (for example {@code "sqlite:" + aTemporaryFile}), so that
     * the kit checks that {@link SnapshotRegistries} finds the provider for its scheme. The default
     * returns null, and the provider check is skipped.
     *
     * @return a URI of this adapter's scheme, or null to skip the check
     * @throws Exception if the adapter cannot make one; the test fails
     */
    protected String registryUri() throws Exception {
        return null;
    }

    @AfterEach
    final void closeRegistries() {
        helpers.shutdownNow();
        List<Throwable> failures = new ArrayList<>();
        for (SnapshotRegistry registry : opened) {
            try {
                registry.close();
            } catch (RuntimeException failure) {
                failures.add(failure);
            }
        }
        assertEquals(List.of(), failures, "Rule 10: close must not throw, also when the registry is already closed");
    }

    // ---------------------------------------------------------------- Rule 1

    /** Rule 1: bad input gets a clear error and changes nothing. */
    @Nested
    @DisplayName("Rule 1: input")
    class Rule1Input {

        @Test
        void rule1_aNullKeyIsRejectedNamingTheArgumentAndChangesNothing() {
            SnapshotRegistry registry = registryWithOneEntry();
            Observation before = observe(registry);

            keyCalls(registry, null).forEach((call, executable) -> {
                NullPointerException thrown = assertThrows(NullPointerException.class, executable,
                        "Rule 1: " + call + " with a null key must throw NullPointerException");
                assertMentions(thrown, "key", "Rule 1: " + call + " with a null key");
            });
            assertEquals(before, observe(registry), "Rule 1: calls with a null key must change nothing");
        }

        @Test
        void rule1_aNullIdIsRejectedNamingTheArgumentAndChangesNothing() {
            SnapshotRegistry registry = registryWithOneEntry();
            Observation before = observe(registry);

            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("put(key, null)", () -> registry.put("a", null));
            calls.put("put(key, null, 1)", () -> registry.put("a", null, 1));
            calls.forEach((call, executable) -> {
                NullPointerException thrown = assertThrows(NullPointerException.class, executable,
                        "Rule 1: " + call + " must throw NullPointerException");
                assertMentions(thrown, "id", "Rule 1: " + call);
            });
            assertEquals(before, observe(registry), "Rule 1: calls with a null id must change nothing");
        }

        @Test
        void rule1_anEmptyTooLongOrMalformedKeyIsRejectedAndChangesNothing() {
            SnapshotRegistry registry = registryWithOneEntry();
            Observation before = observe(registry);

            for (String key : List.of("", "k".repeat(2049), "half\uD800", "\uDC00low")) {
                keyCalls(registry, key).forEach((call, executable) -> assertThrows(
                        IllegalArgumentException.class, executable,
                        "Rule 1: " + call + " with the invalid key " + describeKey(key)
                                + " must throw IllegalArgumentException"));
            }
            assertEquals(before, observe(registry), "Rule 1: calls with invalid keys must change nothing");
        }

        @Test
        void rule1_aNegativeOrTooHeavyWeightIsRejectedAndChangesNothing() {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s1"), 4);
            Observation before = observe(registry);

            assertThrows(IllegalArgumentException.class, () -> registry.put("a", id("s2"), -1),
                    "Rule 1: put with weight -1 must throw IllegalArgumentException");
            assertThrows(IllegalArgumentException.class, () -> registry.put("b", id("s2"), 11),
                    "Rule 1: put with weight 11 over maxWeight 10 must throw IllegalArgumentException");
            assertEquals(before, observe(registry), "Rule 1: rejected weights must change nothing");
        }

        @Test
        void rule1_theWeighersWeightIsCheckedLikeAGivenOne() {
            SnapshotRegistry registry = registry(config().maxWeight(10)
                    .weigher((key, id) -> key.equals("negative") ? -3 : key.equals("heavy") ? 11 : 1));
            registry.put("a", id("s1"));
            Observation before = observe(registry);

            assertThrows(IllegalArgumentException.class, () -> registry.put("negative", id("s2")),
                    "Rule 1: a negative weight from the weigher must throw IllegalArgumentException");
            assertThrows(IllegalArgumentException.class, () -> registry.put("heavy", id("s2")),
                    "Rule 1: a weight above maxWeight from the weigher must throw IllegalArgumentException");
            assertThrows(IllegalArgumentException.class, () -> registry.computeIfAbsent("heavy", k -> id("s3")),
                    "Rule 1: computeIfAbsent whose created id weighs above maxWeight must throw");
            assertEquals(Optional.empty(), registry.peek("heavy"),
                    "Rule 1: computeIfAbsent with a rejected weight must store nothing");
            assertEquals(before.entries(), registry.entries(), "Rule 1: rejected weights must change no entry");
            assertEquals(List.of(), listener.accepted(), "Rule 1: rejected weights must notify nobody");
        }

        @Test
        void rule1_aWeigherExceptionPropagatesUnchangedAndChangesNothing() {
            IllegalStateException broken = new IllegalStateException("the weigher is broken");
            SnapshotRegistry registry = registry(config().maxEntries(5).weigher((key, id) -> {
                if (key.equals("boom")) {
                    throw broken;
                }
                return 1;
            }));
            registry.put("a", id("s1"));
            Observation before = observe(registry);

            RuntimeException thrown = assertThrows(RuntimeException.class, () -> registry.put("boom", id("s2")),
                    "Rule 1: put must let the weigher's exception through");
            assertSame(broken, thrown, "Rule 1: the weigher's exception must propagate unchanged");
            assertEquals(before.entries(), registry.entries(), "Rule 1: a failed weigher must change nothing");
            assertEquals(List.of(), listener.accepted(), "Rule 1: a failed weigher must notify nobody");
        }

        @Test
        void rule1_aRejectedWriteDoesNotRemoveExpiredEntries() {
            SnapshotRegistry registry = registry(expiring().maxWeight(10).weigher((key, id) -> {
                if (key.equals("boom")) {
                    throw new IllegalStateException("the weigher is broken");
                }
                return 1;
            }));
            registry.put("a", id("s-a"));
            clock.advance(EXPIRY);
            List<RegistryEntry> before = registry.entries();

            assertThrows(IllegalArgumentException.class, () -> registry.put("", id("s-b")), "Rule 1: put of an empty key");
            assertThrows(IllegalArgumentException.class, () -> registry.put("b", id("s-b"), -1), "Rule 1: weight -1");
            assertThrows(IllegalArgumentException.class, () -> registry.put("b", id("s-b"), 11),
                    "Rule 1: weight 11 over maxWeight 10");
            assertThrows(IllegalStateException.class, () -> registry.put("boom", id("s-b")),
                    "Rule 1: the weigher's exception");
            assertThrows(IllegalArgumentException.class, () -> registry.invalidate(""), "Rule 1: invalidate of an empty key");

            assertEquals(before, registry.entries(), "Rule 1: a rejected call must not remove expired entries");
            assertEquals(List.of(), listener.accepted(), "Rule 1: a rejected call must notify nobody");
        }

        @Test
        void rule1_aNullCreatorOrANullCreatedIdIsRejectedAndStoresNothing() {
            SnapshotRegistry registry = registryWithOneEntry();

            NullPointerException noCreator = assertThrows(NullPointerException.class,
                    () -> registry.computeIfAbsent("b", null),
                    "Rule 1: computeIfAbsent with a null creator must throw NullPointerException");
            assertMentions(noCreator, "creator", "Rule 1: computeIfAbsent with a null creator");
            assertThrows(NullPointerException.class, () -> registry.computeIfAbsent("b", k -> null),
                    "Rule 1: computeIfAbsent whose creator returns null must throw NullPointerException");
            assertEquals(Optional.empty(), registry.peek("b"),
                    "Rule 1: a creator that returned null must leave the key absent");
        }

        @Test
        void rule1_everyOtherStringIsAValidKey() {
            List<String> keys = List.of(" ", "with spaces", "it's", "\"quoted\"", "100%", "%", "a_c", "abc",
                    "_", "nul\u0000inside", "\uD83D\uDE00 emoji", "'; DROP TABLE entries; --", "back\\slash",
                    "line\nbreak", "k".repeat(2048), "\uD83D\uDE00".repeat(1024), "\u00e9t\u00e9", "*", "?", "[a-z]");
            SnapshotRegistry registry = registry(config().maxEntries(100));
            for (int i = 0; i < keys.size(); i++) {
                registry.put(keys.get(i), id("s" + i));
            }

            for (int i = 0; i < keys.size(); i++) {
                assertEquals(Optional.of(id("s" + i)), registry.get(keys.get(i)),
                        "Rule 1: get(" + describeKey(keys.get(i)) + ") must return what was put for that key");
            }
            assertEquals(Set.copyOf(keys), keysOf(registry.entries()).stream().collect(Collectors.toSet()),
                    "Rule 1: entries() must list every key exactly as put");
            assertEquals(Optional.of(id("s4")), registry.invalidate("100%"),
                    "Rule 1: invalidate(\"100%\") must remove only that key");
            assertEquals(keys.size() - 1, registry.size(),
                    "Rule 1: invalidate of one odd key must remove exactly one entry");
        }
    }

    // ---------------------------------------------------------------- Rule 2

    /** Rule 2: a map from keys to snapshot ids. */
    @Nested
    @DisplayName("Rule 2: map")
    class Rule2Map {

        @Test
        void rule2_anAbsentKeyIsEmptyEverywhere() {
            SnapshotRegistry registry = registry(config().maxEntries(3));

            assertEquals(Optional.empty(), registry.get("a"), "Rule 2: get of an absent key must be empty");
            assertEquals(Optional.empty(), registry.peek("a"), "Rule 2: peek of an absent key must be empty");
            assertEquals(Optional.empty(), registry.invalidate("a"),
                    "Rule 2: invalidate of an absent key must be empty");
            assertEquals(List.of(), listener.accepted(), "Rule 2: an absent key notifies nobody");
        }

        @Test
        void rule2_getAndPeekReturnWhatWasPut() {
            SnapshotRegistry registry = registry(config().maxEntries(3));

            registry.put("a", id("s1"));

            assertEquals(Optional.of(id("s1")), registry.get("a"), "Rule 2: get after put(a, s1)");
            assertEquals(Optional.of(id("s1")), registry.peek("a"), "Rule 2: peek after put(a, s1)");
            assertEquals(1, registry.size(), "Rule 2: one put makes one entry");
        }

        @Test
        void rule2_putOverAnotherIdReplacesItAndDeliversTheOldOneAsReplaced() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s1"), 1);

            registry.put("a", id("s2"), 1);

            assertEquals(Optional.of(id("s2")), registry.peek("a"), "Rule 2: put over a key must replace its id");
            assertEquals(List.of(new Eviction("a", id("s1"), 1, REPLACED)), listener.accepted(),
                    "Rule 2: the replaced id must be delivered with cause REPLACED");
            assertEquals(1, registry.size(), "Rule 2: a replacement must not add an entry");
        }

        @Test
        void rule2_putOfTheSameIdAgainOnlyRefreshesRecencyAndWeight() {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s1"), 2);
            registry.put("b", id("s2"), 2);

            registry.put("a", id("s1"), 5);

            assertEquals(List.of(), listener.accepted(), "Rule 2: putting the same id again must deliver nothing");
            assertEquals(List.of("b", "a"), keysOf(registry.entries()),
                    "Rule 2: putting the same id again must make it the most recently used");
            assertEquals(5, registry.entries().get(1).weight(), "Rule 2: putting the same id again sets its weight");
            assertEquals(7, registry.totalWeight(), "Rule 2: totalWeight after the weight changed from 2 to 5");
        }

        @Test
        void rule2_invalidateReturnsTheRemovedIdAndDeliversItAsExplicit() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s1"), 1);

            Optional<SnapshotId> removed = registry.invalidate("a");

            assertEquals(Optional.of(id("s1")), removed, "Rule 2: invalidate must return the removed id");
            assertEquals(Optional.empty(), registry.peek("a"), "Rule 2: an invalidated key must be absent");
            assertEquals(List.of(new Eviction("a", id("s1"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 2: invalidate must deliver the id with cause EXPLICIT");
        }

        @Test
        void rule2_invalidateAllRemovesEveryEntryAsExplicitLeastRecentlyUsedFirst() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s1"), 1);
            registry.put("b", id("s2"), 1);
            registry.put("c", id("s3"), 1);
            registry.get("a");

            registry.invalidateAll();

            assertEquals(0, registry.size(), "Rule 2: invalidateAll must leave no entry");
            assertEquals(0, registry.totalWeight(), "Rule 2: invalidateAll must leave no weight");
            assertEquals(List.of(new Eviction("b", id("s2"), 1, EXPLICIT), new Eviction("c", id("s3"), 1, EXPLICIT),
                            new Eviction("a", id("s1"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 2: invalidateAll must deliver every id as EXPLICIT, least recently used first");
        }

        @Test
        void rule2_snapshotIdsListsEachMappedIdOnceInRecencyOrder() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("shared"));
            registry.put("b", id("own"));
            registry.put("c", id("shared"));

            assertEquals(List.of(id("shared"), id("own")), registry.snapshotIds(),
                    "Rule 2: snapshotIds must list each id once, in the order of entries()");
        }
    }

    // ---------------------------------------------------------------- Rule 3

    /** Rule 3: a strict recency order. */
    @Nested
    @DisplayName("Rule 3: recency")
    class Rule3Recency {

        @Test
        void rule3_accessesAreStrictlyOrderedWithinOneMillisecond() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            for (String key : List.of("a", "b", "c", "d")) {
                registry.put(key, id("s-" + key));
            }

            registry.get("a");
            registry.computeIfAbsent("b", key -> fail("Rule 3: the creator must not run for a present key"));
            registry.put("c", id("s-c"));

            assertEquals(List.of("d", "a", "b", "c"), keysOf(registry.entries()),
                    "Rule 3: put, a get hit and computeIfAbsent within one millisecond must order the entries "
                            + "by access, least recently used first");
        }

        @Test
        void rule3_peekEntriesSizeAndStatsLeaveRecencyAlone() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);

            registry.peek("a");
            registry.entries();
            registry.snapshotIds();
            registry.size();
            registry.totalWeight();
            registry.stats();
            registry.put("d", id("s-d"), 1);

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY)), listener.accepted(),
                    "Rule 3: after peek/entries/size/stats of a, a must still be the least recently used");
        }

        @Test
        void rule3_streamEntriesGivesTheEntriesInEitherRecencyOrderWithoutChangingIt() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("s-a"));
            registry.put("b", id("s-b"));
            registry.put("c", id("s-c"));
            registry.get("a");
            List<RegistryEntry> entries = registry.entries();
            List<RegistryEntry> reversed = new ArrayList<>(entries);
            Collections.reverse(reversed);

            assertEquals(entries, streamed(registry, RecencyOrder.LEAST_RECENT_FIRST),
                    "Rule 3: streamEntries(LEAST_RECENT_FIRST) must give the entries in the order of entries()");
            assertEquals(reversed, streamed(registry, RecencyOrder.MOST_RECENT_FIRST),
                    "Rule 3: streamEntries(MOST_RECENT_FIRST) must give the entries in the reverse order of entries()");
            assertEquals(entries, registry.entries(), "Rule 3: streamEntries must not change recency");
        }

        @Test
        void rule3_lastAccessIsTheClocksInstantInMilliseconds() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            Instant first = clock.instant();
            registry.put("a", id("s-a"));

            Instant second = clock.advance(Duration.ofMillis(5));
            registry.put("b", id("s-b"));
            Instant third = clock.advance(Duration.ofMillis(7));
            registry.get("a");

            assertEquals(List.of(lastAccessed("b", "s-b", second), lastAccessed("a", "s-a", third)),
                    inMilliseconds(registry.entries()), "Rule 3: lastAccess is the clock's instant of the last access, "
                            + "in milliseconds (the first put of a was at " + first + ")");
        }
    }

    // ---------------------------------------------------------------- Rule 4

    /** Rule 4: bounds hold after every write; the least recently used entries go first. */
    @Nested
    @DisplayName("Rule 4: bounds")
    class Rule4Bounds {

        @Test
        void rule4_maxEntriesEvictsTheLeastRecentlyUsedEntry() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);
            registry.get("a");

            registry.put("d", id("s-d"), 1);
            registry.computeIfAbsent("e", key -> id("s-e"));

            assertEquals(List.of(new Eviction("b", id("s-b"), 1, CAPACITY), new Eviction("c", id("s-c"), 1, CAPACITY)),
                    listener.accepted(), "Rule 4: each write over maxEntries 3 must evict the least recently used");
            assertEquals(List.of("a", "d", "e"), keysOf(registry.entries()), "Rule 4: the entries left");
        }

        @Test
        void rule4_evictionTakesOneEntryAtATimeUntilBothBoundsHold() {
            SnapshotRegistry registry = registry(config().maxEntries(5).maxWeight(10));
            registry.put("a", id("s-a"), 3);
            registry.put("b", id("s-b"), 3);
            registry.put("c", id("s-c"), 3);

            registry.put("d", id("s-d"), 7);

            assertEquals(List.of(new Eviction("a", id("s-a"), 3, CAPACITY), new Eviction("b", id("s-b"), 3, CAPACITY)),
                    listener.accepted(), "Rule 4: a put of weight 7 onto 9 of 10 must evict a and b, and only them");
            assertEquals(10, registry.totalWeight(), "Rule 4: totalWeight after eviction");
            assertEquals(List.of("c", "d"), keysOf(registry.entries()), "Rule 4: the entries left");
        }

        @Test
        void rule4_theEntryJustWrittenIsNeverEvictedToMakeRoomForItself() {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s-a"), 4);
            registry.put("b", id("s-b"), 4);

            registry.put("c", id("s-c"), 10);

            assertEquals(List.of("c"), keysOf(registry.entries()),
                    "Rule 4: an entry of weight maxWeight must evict every other entry and stay");
            assertEquals(10, registry.totalWeight(), "Rule 4: totalWeight equal to maxWeight is allowed");
        }

        @Test
        void rule4_aHeavierRefreshOfTheSameIdEvictsOthers() {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s-a"), 4);
            registry.put("b", id("s-b"), 4);

            registry.put("b", id("s-b"), 8);

            assertEquals(List.of(new Eviction("a", id("s-a"), 4, CAPACITY)), listener.accepted(),
                    "Rule 4: raising b's weight to 8 must evict a");
            assertEquals(8, registry.totalWeight(), "Rule 4: totalWeight after the refresh");
        }

        @Test
        void rule4_weightZeroIsAllowedAndWeighsNothing() {
            SnapshotRegistry registry = registry(config().maxWeight(1));

            registry.put("a", id("s-a"), 0);
            registry.put("b", id("s-b"), 0);
            registry.put("c", id("s-c"), 1);

            assertEquals(3, registry.size(), "Rule 4: entries of weight 0 must fit beside one of weight maxWeight");
            assertEquals(1, registry.totalWeight(), "Rule 4: totalWeight with weights 0, 0 and 1");
        }

        @Test
        void rule4_sizeAndTotalWeightAgreeWithTheEntries() {
            SnapshotRegistry registry = registry(config().maxEntries(4).maxWeight(9));
            Random random = new Random(4);
            for (int i = 0; i < 60; i++) {
                String key = "k" + random.nextInt(7);
                switch (random.nextInt(3)) {
                    case 0 -> registry.put(key, id("s" + i), random.nextInt(5));
                    case 1 -> registry.invalidate(key);
                    default -> registry.computeIfAbsent(key, k -> id("c" + k));
                }
                List<RegistryEntry> entries = registry.entries();
                assertTrue(registry.size() <= 4 && registry.totalWeight() <= 9,
                        "Rule 4: bounds 4 entries / weight 9 must hold after every write, were "
                                + registry.size() + " / " + registry.totalWeight());
                assertEquals(entries.size(), registry.size(), "Rule 4: size() must count the entries");
                assertEquals(entries.stream().mapToLong(RegistryEntry::weight).sum(), registry.totalWeight(),
                        "Rule 4: totalWeight() must sum the entries' weights");
            }
        }
    }

    // ---------------------------------------------------------------- Rule 5

    /** Rule 5: expiry after access, measured by the configured clock. */
    @Nested
    @DisplayName("Rule 5: expiry")
    class Rule5Expiry {

        @Test
        void rule5_anExpiredEntryIsNotReturnedAndIsRemovedByTheReadThatFindsIt() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            clock.advance(EXPIRY);

            assertEquals(Optional.empty(), registry.get("a"), "Rule 5: get of an expired key must be empty");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: a read removes the expired entry it finds, and only that one");
            assertEquals(Optional.empty(), registry.peek("b"), "Rule 5: peek of an expired key must be empty");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED), new Eviction("b", id("s-b"), 1, EXPIRED)),
                    listener.accepted(), "Rule 5: each read must remove the expired entry it found, as EXPIRED");
            assertEquals(0, registry.size(), "Rule 5: expired entries removed by reads are gone");
        }

        @Test
        void rule5_anEntryExpiresWhenItsLastAccessIsTheDurationAgo() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"));

            clock.advance(EXPIRY.minusMillis(1));
            assertEquals(Optional.of(id("s-a")), registry.get("a"), "Rule 5: 99 ms after access of 100 ms expiry");
            clock.advance(EXPIRY.minusMillis(1));
            assertEquals(Optional.of(id("s-a")), registry.get("a"), "Rule 5: a get hit must renew the access");
            clock.advance(EXPIRY);
            assertEquals(Optional.empty(), registry.get("a"), "Rule 5: exactly 100 ms after access it is expired");
        }

        @Test
        void rule5_peekDoesNotRenewTheAccess() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"));

            clock.advance(Duration.ofMillis(60));
            registry.peek("a");
            clock.advance(Duration.ofMillis(40));

            assertEquals(Optional.empty(), registry.peek("a"), "Rule 5: peek must not renew the access time");
        }

        @Test
        void rule5_everyWriteFirstRemovesAllExpiredEntries() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            clock.advance(EXPIRY);

            registry.put("c", id("s-c"), 1);

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED), new Eviction("b", id("s-b"), 1, EXPIRED)),
                    listener.accepted(), "Rule 5: put must first remove every expired entry, as EXPIRED");
            assertEquals(List.of("c"), keysOf(registry.entries()), "Rule 5: entries after the put");
        }

        @Test
        void rule5_invalidateOfAnExpiredKeyIsEmpty() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 1);
            clock.advance(EXPIRY);

            assertEquals(Optional.empty(), registry.invalidate("a"),
                    "Rule 5: invalidate of an expired key must return empty");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: invalidate must remove the expired entry as EXPIRED, not EXPLICIT");
        }

        @Test
        void rule5_aPutOverAnExpiredKeyDeliversTheOldIdAsExpired() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s1"), 1);
            clock.advance(EXPIRY);

            registry.put("a", id("s2"), 1);

            assertEquals(List.of(new Eviction("a", id("s1"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: put over an expired key must deliver the old id as EXPIRED, not REPLACED");
        }

        @Test
        void rule5_aPutOfTheSameIdOverItsExpiredEntryStoresItAnewWithoutDelivery() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s1"), 1);
            clock.advance(EXPIRY);

            registry.put("a", id("s1"), 1);

            assertEquals(List.of(), listener.accepted(),
                    "Rule 5: the expired id is mapped again, so its delivery must be cancelled");
            assertEquals(Optional.of(id("s1")), registry.peek("a"), "Rule 5: the id is stored anew");
            assertEquals(1, registry.stats().evictionCount(), "Rule 5: the expired entry counts as evicted");
            assertEquals(0, registry.pendingEvictions(), "Rule 5: nothing is pending");
        }

        @Test
        void rule5_computeIfAbsentCreatesAnewForAnExpiredKey() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s1"), 1);
            clock.advance(EXPIRY);

            SnapshotId created = registry.computeIfAbsent("a", key -> id("s2"));

            assertEquals(id("s2"), created, "Rule 5: computeIfAbsent must not return an expired id");
            assertEquals(List.of(new Eviction("a", id("s1"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: the expired id must be delivered as EXPIRED");
        }

        @Test
        void rule5_computeIfAbsentDeliversTheExpiredIdBeforeItsCreatorRuns() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s1"), 1);
            clock.advance(EXPIRY);
            List<Eviction> deliveredBeforeCreation = new ArrayList<>();

            SnapshotId created = registry.computeIfAbsent("a", key -> {
                deliveredBeforeCreation.addAll(listener.accepted());
                return id("s1");
            });

            assertEquals(id("s1"), created, "Rule 5: the creator's id is stored");
            assertEquals(List.of(new Eviction("a", id("s1"), 1, EXPIRED)), deliveredBeforeCreation,
                    "Rule 5: the expired entry found by computeIfAbsent is removed and delivered before the "
                            + "creator runs, even if the creator then makes the same id again");
        }

        @Test
        void rule5_cleanUpRemovesEveryExpiredEntryAndNothingElse() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 1);
            clock.advance(Duration.ofMillis(50));
            registry.put("b", id("s-b"), 1);
            clock.advance(Duration.ofMillis(50));

            registry.cleanUp();

            assertEquals(List.of("b"), keysOf(registry.entries()), "Rule 5: cleanUp must keep unexpired entries");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: cleanUp must remove expired entries as EXPIRED");
        }

        @Test
        void rule5_invalidateAllRemovesExpiredEntriesAsExpired() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 1);
            clock.advance(Duration.ofMillis(50));
            registry.put("b", id("s-b"), 1);
            clock.advance(Duration.ofMillis(50));

            registry.invalidateAll();

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, EXPIRED), new Eviction("b", id("s-b"), 1, EXPLICIT)),
                    listener.accepted(), "Rule 5: invalidateAll removes expired entries as EXPIRED first");
        }

        @Test
        void rule5_expiredEntriesCountAsEvictions() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"), 2);
            registry.put("b", id("s-b"), 3);
            clock.advance(EXPIRY);

            registry.cleanUp();

            RegistryStats stats = registry.stats();
            assertEquals(2, stats.evictionCount(), "Rule 5: two expired entries count as two evictions");
            assertEquals(5, stats.evictionWeight(), "Rule 5: their weights 2 and 3 count as evicted weight");
        }
    }

    // ---------------------------------------------------------------- Rule 6

    /** Rule 6: every removed id reaches the listener, after commit, without a lock, exactly when unmapped. */
    @Nested
    @DisplayName("Rule 6: delivery")
    class Rule6Delivery {

        @Test
        void rule6_anOperationsRemovalsAreDeliveredInOrderOnTheCallingThread() {
            SnapshotRegistry registry = registry(expiring().maxWeight(10));
            registry.put("x", id("s-x"), 1);
            clock.advance(Duration.ofMillis(60));
            registry.put("a", id("s1"), 1);
            registry.put("b", id("s-b"), 4);
            clock.advance(Duration.ofMillis(40));

            registry.put("a", id("s2"), 9);

            assertEquals(List.of(new Eviction("x", id("s-x"), 1, EXPIRED), new Eviction("a", id("s1"), 1, REPLACED),
                            new Eviction("b", id("s-b"), 4, CAPACITY)), listener.accepted(),
                    "Rule 6: one put's removals in the order made: expired, replaced, then capacity");
            assertEquals(List.of(Thread.currentThread()), listener.threads().stream().distinct().toList(),
                    "Rule 6: evictions must be delivered on the thread that called the registry");
        }

        @Test
        void rule6_theListenerRunsAfterCommitWithNoLockHeld() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            List<String> seenByListener = new ArrayList<>();
            listener.reactWith(eviction -> seenByListener.add(eviction.key() + " present: "
                    + onAnotherThread(6, "peek from the listener", () -> registry.peek(eviction.key()).isPresent())
                    + ", size: " + onAnotherThread(6, "size from the listener", registry::size)));
            registry.put("a", id("s-a"));

            registry.put("b", id("s-b"));

            assertEquals(List.of("a present: false, size: 1"), seenByListener,
                    "Rule 6: the listener must see the committed change and be able to call the registry");
        }

        @Test
        void rule6_theListenerMayWriteToTheRegistryOnItsOwnThreadAndAnother() {
            SnapshotRegistry registry = registry(config().maxEntries(2));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            listener.reactWith(eviction -> {
                if (eviction.key().equals("a")) {
                    registry.invalidate("b");
                    onAnotherThread(6, "invalidate from the listener", () -> registry.invalidate("absent"));
                }
            });

            onAnotherThread(6, "a put whose listener calls the registry", () -> {
                registry.put("c", id("s-c"), 1);
                return null;
            });

            assertEquals(Set.of(new Eviction("a", id("s-a"), 1, CAPACITY), new Eviction("b", id("s-b"), 1, EXPLICIT)),
                    Set.copyOf(listener.accepted()),
                    "Rule 6: a listener calling the registry, on its own thread or another, must not fail or deadlock");
            assertEquals(List.of("c"), keysOf(registry.entries()), "Rule 6: the listener's invalidate took effect");
            assertEquals(0, registry.pendingEvictions(), "Rule 6: nothing is pending");
        }

        @Test
        void rule6_anErrorDuringDeliverPendingEvictionsPropagatesAndKeepsThemPending() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);
            AssertionError error = new AssertionError("the listener fails hard");
            listener.reactWith(eviction -> {
                throw error;
            });

            Error thrown = assertThrows(Error.class, registry::deliverPendingEvictions,
                    "Rule 6: an Error from the listener must propagate from deliverPendingEvictions");

            assertSame(error, thrown, "Rule 6: the listener's Error must propagate unchanged");
            assertEquals(2, registry.pendingEvictions(), "Rule 6: both evictions stay pending after an Error");
        }

        @Test
        void rule6_anIdIsDeliveredOnlyWhenNoKeyMapsItAnyMore() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("shared"), 1);
            registry.put("b", id("shared"), 1);

            registry.invalidate("a");
            assertEquals(List.of(), listener.accepted(), "Rule 6: an id still mapped by b must not be delivered");
            registry.invalidate("b");

            assertEquals(List.of(new Eviction("b", id("shared"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 6: the id must be delivered once the last key mapping it is removed");
        }

        @Test
        void rule6_aListenerExceptionLeavesTheEvictionPendingAndTheOperationSucceeds() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);

            registry.put("b", id("s-b"), 1);

            assertEquals(Optional.of(id("s-b")), registry.peek("b"), "Rule 6: the put must succeed");
            assertEquals(1, registry.pendingEvictions(), "Rule 6: the refused eviction must be pending");
            listener.acceptAll();
            assertEquals(1, registry.deliverPendingEvictions(), "Rule 6: deliverPendingEvictions must retry it");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY)), listener.accepted(),
                    "Rule 6: the retried eviction");
            assertEquals(0, registry.pendingEvictions(), "Rule 6: a delivered eviction is no longer pending");
        }

        @Test
        void rule6_laterRemovalsAreStillOfferedAfterAListenerException() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            listener.reactWith(eviction -> {
                if (eviction.key().equals("a")) {
                    throw new Exception("refusing a");
                }
            });

            registry.invalidateAll();

            assertEquals(List.of(new Eviction("b", id("s-b"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 6: a refused eviction must not stop the operation's later ones");
            assertEquals(1, registry.pendingEvictions(), "Rule 6: only the refused eviction is pending");
        }

        @Test
        void rule6_aListenerErrorPropagatesAfterCommitAndLeavesTheRestPending() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            AssertionError error = new AssertionError("the listener fails hard");
            listener.reactWith(eviction -> {
                throw error;
            });

            Error thrown = assertThrows(Error.class, registry::invalidateAll,
                    "Rule 6: an Error from the listener must propagate");

            assertSame(error, thrown, "Rule 6: the listener's Error must propagate unchanged");
            assertEquals(0, registry.size(), "Rule 6: the change is committed before delivery");
            assertEquals(2, registry.pendingEvictions(),
                    "Rule 6: the eviction that failed and the ones after it stay pending");
            listener.acceptAll();
            assertEquals(2, registry.deliverPendingEvictions(), "Rule 6: both are delivered on retry");
        }

        @Test
        void rule6_pendingEvictionsAreRedeliveredOldestFirst() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);
            listener.acceptAll();

            assertEquals(2, registry.deliverPendingEvictions(), "Rule 6: both pending evictions are delivered");

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY), new Eviction("b", id("s-b"), 1, CAPACITY)),
                    listener.accepted(), "Rule 6: pending evictions are delivered oldest first");
        }

        @Test
        void rule6_storingAnIdAgainCancelsItsPendingEviction() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            listener.refuseAll();
            registry.put("a", id("s1"), 1);
            registry.put("b", id("s2"), 1);
            registry.invalidate("a");
            registry.invalidate("b");

            registry.put("c", id("s1"), 1);
            registry.computeIfAbsent("d", key -> id("s2"));

            assertEquals(0, registry.pendingEvictions(),
                    "Rule 6: put and computeIfAbsent of a pending id must cancel its eviction");
            listener.acceptAll();
            assertEquals(0, registry.deliverPendingEvictions(), "Rule 6: nothing is left to deliver");
            assertEquals(List.of(), listener.accepted(), "Rule 6: a mapped id must never be delivered");
        }

        @Test
        void rule6_aPutOfAnIdThatAnotherThreadsListenerHoldsWaitsUntilTheListenerReturns() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            CountDownLatch offered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<Optional<SnapshotId>> mappedWhenTheListenerReturned = new AtomicReference<>();
            listener.reactWith(eviction -> {
                offered.countDown();
                await(6, release);
                mappedWhenTheListenerReturned.set(registry.peek("b"));
            });
            registry.put("a", id("held"));
            Future<?> invalidate = helpers.submit(() -> registry.invalidate("a"));
            await(6, offered);

            FutureTask<Void> put = new FutureTask<>(() -> registry.put("b", id("held")), null);
            Thread putter = daemon(put, "rule6-put");
            Thread.State state = waitingOrTerminated(putter);
            boolean mappedWhileOffered = state == Thread.State.TERMINATED
                    || onAnotherThread(6, "peek while the put waits", () -> registry.peek("b").isPresent());
            release.countDown();

            assertTrue(!mappedWhileOffered, "Rule 6: a put of an id must wait until another thread's listener that"
                    + " is offered that id returns; the put committed while the listener still ran");
            result(6, "the invalidate whose listener was offered the id", invalidate);
            result(6, "the put that waited for the listener", put);
            assertEquals(Optional.empty(), mappedWhenTheListenerReturned.get(),
                    "Rule 6: the listener offered an id must return before a put of that id commits");
            assertEquals(Optional.of(id("held")), registry.peek("b"), "Rule 6: the put stored the id after waiting");
            assertEquals(List.of(new Eviction("a", id("held"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 6: the offer that the put waited for was delivered");
        }

        @Test
        void rule6_aListenerMayPutTheIdItIsOfferedWithoutWaitingForItself() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            listener.reactWith(eviction -> registry.put("b", eviction.snapshotId()));
            registry.put("a", id("s-a"));

            onAnotherThread(6, "an invalidate whose listener puts the id it is offered", () -> registry.invalidate("a"));

            assertEquals(Optional.of(id("s-a")), registry.peek("b"),
                    "Rule 6: a listener's put of the id it is offered, on the delivering thread, must not wait for itself");
            assertEquals(0, registry.pendingEvictions(), "Rule 6: nothing is pending");
        }

        @Test
        void rule6_listPendingEvictionsShowsThemOldestFirstWithoutDelivering() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);
            List<Eviction> listed;
            try {
                listed = registry.listPendingEvictions();
            } catch (UnsupportedOperationException notListed) {
                Assumptions.abort("the adapter does not list pending evictions");
                return;
            }

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY), new Eviction("b", id("s-b"), 1, CAPACITY)),
                    listed, "Rule 6: listPendingEvictions lists the pending evictions oldest first");
            assertEquals(2, registry.pendingEvictions(), "Rule 6: listing must not deliver");
        }
    }

    // ---------------------------------------------------------------- Rule 7

    /** Rule 7: thread safety, linearizability and single-flight creation. */
    @Nested
    @DisplayName("Rule 7: atomicity")
    class Rule7Atomicity {

        @Test
        void rule7_manyThreadsKeepTheBoundsAndLoseNoId() throws Exception {
            RegistryConfig config = config().maxEntries(20).maxWeight(30).build();
            SnapshotRegistry registry = registry(config);
            refuseOneInTen();

            ConcurrentLoad.Outcome outcome = ConcurrentLoad.run(List.of(registry), config, 4, 400, new Random().nextLong());

            assertNoLoadFailures(7, outcome);
            assertEverythingAccountedFor(7, List.of(registry), outcome, config);
        }

        @Test
        void rule7_concurrentComputeIfAbsentCreatesEachKeyOnce() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(1000));
            int threads = 6;
            int keys = 30;
            Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<SnapshotId>>> answers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                answers.add(helpers.submit(() -> {
                    start.await();
                    List<SnapshotId> seen = new ArrayList<>();
                    for (int k = 0; k < keys; k++) {
                        String key = "key-" + k;
                        arrivals.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet();
                        seen.add(registry.computeIfAbsent(key, x -> {
                            int creation = creations.computeIfAbsent(x, y -> new AtomicInteger()).incrementAndGet();
                            awaitArrivals(arrivals, x, threads);
                            return SnapshotId.of("made-" + x + "-" + creation);
                        }));
                    }
                    return seen;
                }));
            }
            start.countDown();

            List<SnapshotId> first = answers.get(0).get(5, TimeUnit.MINUTES);
            for (Future<List<SnapshotId>> answer : answers) {
                assertEquals(first, answer.get(5, TimeUnit.MINUTES), "Rule 7: every caller must get the same id for a key");
            }
            creations.forEach((key, count) -> assertEquals(1, count.get(),
                    "Rule 7: the creator for " + key + " must run once while " + threads + " threads ask for it"));
            assertEquals(keys, creations.size(), "Rule 7: every key is created");
        }

        @Test
        void rule7_concurrentCallersWaitForTheCreatorAndShareItsResult() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            CountDownLatch creating = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger creations = new AtomicInteger();
            Function<String, SnapshotId> creator = key -> {
                creations.incrementAndGet();
                creating.countDown();
                await(release);
                return id("created");
            };
            Future<SnapshotId> first = helpers.submit(() -> registry.computeIfAbsent("a", creator));
            await(creating);
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<SnapshotId> second = helpers.submit(() -> {
                waiter.set(Thread.currentThread());
                return registry.computeIfAbsent("a", creator);
            });

            awaitBlocked(waiter);
            release.countDown();

            assertEquals(id("created"), first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "Rule 7: the creator's caller");
            assertEquals(id("created"), second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                    "Rule 7: a concurrent caller must share the creator's result");
            assertEquals(1, creations.get(), "Rule 7: the creator must run once for concurrent callers");
        }

        @Test
        void rule7_concurrentCallersShareTheCreatorsException() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            for (int round = 1; round <= 5; round++) {
                String key = "a" + round;
                CountDownLatch creating = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                IllegalStateException failure = new IllegalStateException("creation failed");
                IllegalStateException late = new IllegalStateException("the second caller came too late to wait");
                Future<SnapshotId> first = helpers.submit(() -> registry.computeIfAbsent(key, k -> {
                    creating.countDown();
                    await(release);
                    throw failure;
                }));
                await(creating);
                AtomicReference<Thread> waiter = new AtomicReference<>();
                Future<SnapshotId> second = helpers.submit(() -> {
                    waiter.set(Thread.currentThread());
                    return registry.computeIfAbsent(key, k -> {
                        assertTrue(release.getCount() == 0,
                                "Rule 7: a second creator for " + k + " ran while the first was still running");
                        throw late;
                    });
                });

                awaitBlocked(waiter);
                release.countDown();

                assertSame(failure, failureOf(first), "Rule 7: the creator's caller gets its exception");
                Throwable shared = failureOf(second);
                assertEquals(Optional.empty(), registry.peek(key), "Rule 7: a creator that threw stores nothing");
                if (shared != late) {
                    assertSame(failure, shared, "Rule 7: a waiting caller must get the very same exception");
                    return;
                }
            }
            fail("Rule 7: in 5 tries no second caller waited for a running creator; each ran its own after it");
        }

        @Test
        void rule7_aPutWhileTheCreatorRunsIsReplacedByTheCreatedId() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            CountDownLatch creating = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<SnapshotId> computed = helpers.submit(() -> registry.computeIfAbsent("a", key -> {
                creating.countDown();
                await(release);
                return id("created");
            }));
            await(creating);

            onAnotherThread(7, "put while the creator runs", () -> {
                registry.put("a", id("put"), 1);
                return null;
            });
            release.countDown();

            assertEquals(id("created"), computed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                    "Rule 7: computeIfAbsent returns the id it created");
            assertEquals(Optional.of(id("created")), registry.peek("a"), "Rule 7: the created id is stored");
            assertEquals(List.of(new Eviction("a", id("put"), 1, REPLACED)), listener.accepted(),
                    "Rule 7: the id put meanwhile must be delivered as REPLACED, not orphaned");
        }

        @Test
        void rule7_aCreatorThatCallsComputeIfAbsentForItsOwnKeyGetsIllegalStateNamingTheKey() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            String key = "self-calling-key";
            FutureTask<SnapshotId> call = new FutureTask<>(() ->
                    registry.computeIfAbsent(key, outer -> registry.computeIfAbsent(outer, inner -> id("inner"))));
            Thread caller = daemon(call, "rule7-self-call");

            Throwable thrown;
            try {
                SnapshotId returned = call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("Rule 7: a creator that calls computeIfAbsent for its own key must get an"
                        + " IllegalStateException, but the call returned " + returned.value());
            } catch (TimeoutException hung) {
                caller.interrupt();
                throw new AssertionError("Rule 7: computeIfAbsent called by the creator of its own key did not return"
                        + " within " + PATIENCE.toSeconds() + " s (a creator that calls computeIfAbsent for its own key"
                        + " must get an IllegalStateException)");
            } catch (ExecutionException failed) {
                thrown = failed.getCause();
            }

            assertTrue(thrown instanceof IllegalStateException,
                    "Rule 7: a creator that calls computeIfAbsent for its own key must get an IllegalStateException,"
                            + " got " + thrown);
            assertMentions(thrown, key, "Rule 7: the IllegalStateException of a creator's call for its own key");
            assertEquals(Optional.empty(), registry.peek(key), "Rule 7: a creator that threw stores nothing");
            assertEquals(id("after"), registry.computeIfAbsent(key, k -> id("after")),
                    "Rule 7: the key can be created again after its creator threw");
        }

        @Test
        void rule7_theCreatorRunsWithNoLockHeld() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("b", id("s-b"));

            SnapshotId created = registry.computeIfAbsent("a", key -> SnapshotId.of("made-with-"
                    + onAnotherThread(7, "get from the creator", () -> registry.get("b").orElseThrow().value())));

            assertEquals(id("made-with-s-b"), created, "Rule 7: a creator may call the registry from another thread");
        }
    }

    // ---------------------------------------------------------------- Stats

    /** The statistics paragraph of the contract. */
    @Nested
    @DisplayName("Stats")
    class Stats {

        @Test
        void stats_countHitsMissesAndPutsOfThisInstance() {
            SnapshotRegistry registry = registry(config().maxEntries(5));

            registry.put("a", id("s-a"));
            registry.put("a", id("s-a"));
            registry.get("a");
            registry.get("b");
            registry.peek("a");
            registry.peek("b");
            registry.computeIfAbsent("a", key -> id("unused"));
            registry.computeIfAbsent("c", key -> id("s-c"));
            assertThrows(IllegalStateException.class, () -> registry.computeIfAbsent("d", key -> {
                throw new IllegalStateException("no");
            }), "Stats: the creator's exception propagates");

            assertEquals(new RegistryStats(2, 3, 3, 0, 0), registry.stats(),
                    "Stats: hits (get a, computeIfAbsent a), misses (get b, computeIfAbsent c and d), "
                            + "puts (two put, computeIfAbsent c); peek counts nothing");
        }

        @Test
        void stats_countEvictedEntriesEvenWhenTheirIdIsStillMapped() {
            SnapshotRegistry registry = registry(config().maxEntries(2));
            registry.put("a", id("shared"), 3);
            registry.put("b", id("shared"), 4);

            registry.put("c", id("s-c"), 1);

            assertEquals(1, registry.stats().evictionCount(), "Stats: an entry evicted for capacity counts");
            assertEquals(3, registry.stats().evictionWeight(), "Stats: its weight counts");
            assertEquals(List.of(), listener.accepted(), "Stats: the shared id is still mapped by b, so not delivered");
        }
    }

    // ---------------------------------------------------------------- Rule 8

    /** Rule 8: durable adapters keep everything across close and reopen. */
    @Nested
    @DisplayName("Rule 8: durability")
    class Rule8Durability {

        @Test
        void rule8_entriesWeightsAndRecencySurviveReopen() throws Exception {
            RegistryConfig config = config().maxEntries(3).build();
            SnapshotRegistry registry = registry(config);
            registry.put("a", id("s-a"), 1);
            clock.advance(Duration.ofMillis(3));
            registry.put("b", id("s-b"), 2);
            registry.put("c", id("s-c"), 3);
            registry.get("a");
            List<RegistryEntry> before = registry.entries();

            SnapshotRegistry reopened = reopened(config);

            assertEquals(inMilliseconds(before), inMilliseconds(reopened.entries()),
                    "Rule 8: entries, weights, lastAccess and order after reopen");
            assertEquals(3, reopened.size(), "Rule 8: size() after reopen");
            assertEquals(6, reopened.totalWeight(), "Rule 8: totalWeight() after reopen");
            reopened.put("d", id("s-d"), 1);
            assertEquals(List.of(new Eviction("b", id("s-b"), 2, CAPACITY)), listener.accepted(),
                    "Rule 8: the recency order must survive reopen");
            assertEquals(new RegistryStats(0, 0, 1, 1, 2), reopened.stats(),
                    "Rule 8: stats count the reopened instance's operations only");
        }

        @Test
        void rule8_pendingEvictionsSurviveAndAreDeliveredBeforeOpenReturns() throws Exception {
            RegistryConfig config = config().maxEntries(1).build();
            SnapshotRegistry registry = registry(config);
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            listener.acceptAll();

            SnapshotRegistry reopened = reopened(config);

            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY)), listener.accepted(),
                    "Rule 8: open must deliver the evictions left pending before it returns");
            assertEquals(0, reopened.pendingEvictions(), "Rule 8: nothing is pending after a successful open");
        }

        @Test
        void rule8_openSucceedsWhileTheListenerStillRefuses() throws Exception {
            RegistryConfig config = config().maxEntries(1).build();
            SnapshotRegistry registry = registry(config);
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);

            SnapshotRegistry reopened = reopened(config);

            assertEquals(1, reopened.pendingEvictions(), "Rule 8: a refused eviction stays pending across open");
            listener.acceptAll();
            assertEquals(1, reopened.deliverPendingEvictions(), "Rule 8: and is delivered later");
        }

        @Test
        void rule8_reopeningWithSmallerBoundsEvictsDownToThemBeforeOpenReturns() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            for (String key : List.of("a", "b", "c", "d", "e")) {
                registry.put(key, id("s-" + key), 1);
            }

            SnapshotRegistry reopened = reopened(config().maxEntries(2).build());

            assertEquals(List.of("d", "e"), keysOf(reopened.entries()), "Rule 8: the most recent entries stay");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY), new Eviction("b", id("s-b"), 1, CAPACITY),
                            new Eviction("c", id("s-c"), 1, CAPACITY)), listener.accepted(),
                    "Rule 8: open must evict down to the smaller bound, least recently used first, and deliver");
            assertEquals(3, reopened.stats().evictionCount(), "Rule 8: evictions made by open count in stats");
        }

        @Test
        void rule8_reopeningWithASmallerMaxWeightEvictsDownToIt() throws Exception {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s-a"), 4);
            registry.put("b", id("s-b"), 3);
            registry.put("c", id("s-c"), 3);

            SnapshotRegistry reopened = reopened(config().maxWeight(6).build());

            assertEquals(List.of("b", "c"), keysOf(reopened.entries()), "Rule 8: the entries within maxWeight 6");
            assertEquals(6, reopened.totalWeight(), "Rule 8: totalWeight after the shrinking open");
            assertEquals(List.of(new Eviction("a", id("s-a"), 4, CAPACITY)), listener.accepted(),
                    "Rule 8: open must evict down to the smaller maxWeight and deliver");
        }
    }

    // ---------------------------------------------------------------- Rule 9

    /** Rule 9: two registries on shared storage behave as one. */
    @Nested
    @DisplayName("Rule 9: sharing")
    class Rule9Sharing {

        @Test
        void rule9_eachRegistrySeesTheOthersChanges() throws Exception {
            RegistryConfig config = config().maxEntries(3).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);

            first.put("a", id("s-a"));
            assertEquals(Optional.of(id("s-a")), second.get("a"), "Rule 9: a put through one is seen by the other");
            second.invalidate("a");

            assertEquals(Optional.empty(), first.peek("a"), "Rule 9: an invalidate through one is seen by the other");
        }

        @Test
        void rule9_boundsAndRecencyHoldAcrossBoth() throws Exception {
            RegistryConfig config = config().maxEntries(3).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            first.put("a", id("s-a"), 1);
            second.put("b", id("s-b"), 1);
            first.put("c", id("s-c"), 1);
            second.get("a");

            first.put("d", id("s-d"), 1);

            assertEquals(List.of(new Eviction("b", id("s-b"), 1, CAPACITY)), listener.accepted(),
                    "Rule 9: the least recently used across both registries is evicted");
            assertEquals(3, second.size(), "Rule 9: both see the bound held");
            assertEquals(List.of("c", "a", "d"), keysOf(second.entries()), "Rule 9: one recency order");
        }

        @Test
        void rule9_pendingEvictionsOfOneAreDeliveredByTheOther() throws Exception {
            RegistryConfig config = config().maxEntries(1).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            listener.refuseAll();
            first.put("a", id("s-a"), 1);
            first.put("b", id("s-b"), 1);
            listener.acceptAll();

            int delivered = second.deliverPendingEvictions();

            assertEquals(1, delivered, "Rule 9: the other registry must deliver the pending eviction");
            assertEquals(List.of(new Eviction("a", id("s-a"), 1, CAPACITY)), listener.accepted(),
                    "Rule 9: the eviction delivered by the other registry");
        }

        @Test
        void rule9_anIdMappedThroughTheOtherIsNotDelivered() throws Exception {
            RegistryConfig config = config().maxEntries(3).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            first.put("a", id("shared"), 1);
            second.put("b", id("shared"), 1);

            first.invalidate("a");

            assertEquals(List.of(), listener.accepted(), "Rule 9: an id still mapped through the other registry");
            second.invalidate("b");
            assertEquals(List.of(new Eviction("b", id("shared"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 9: delivered once no key maps it in the shared storage");
        }

        @Test
        void rule9_statsCountOnlyThisInstancesOperations() throws Exception {
            RegistryConfig config = config().maxEntries(3).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            first.put("a", id("s-a"), 1);

            second.get("a");
            second.get("b");

            assertEquals(new RegistryStats(0, 0, 1, 0, 0), first.stats(), "Rule 9: stats() of the first registry");
            assertEquals(new RegistryStats(1, 1, 0, 0, 0), second.stats(), "Rule 9: stats() of the second registry");
        }

        @Test
        void rule9_concurrentWritersOnBothKeepTheBoundsAndLoseNoId() throws Exception {
            RegistryConfig config = config().maxEntries(20).maxWeight(30).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            refuseOneInTen();

            ConcurrentLoad.Outcome outcome =
                    ConcurrentLoad.run(List.of(first, second), config, 4, 300, new Random().nextLong());

            assertNoLoadFailures(9, outcome);
            assertEverythingAccountedFor(9, List.of(first, second), outcome, config);
        }
    }

    // ---------------------------------------------------------------- Rule 10

    /** Rule 10: lifecycle. */
    @Nested
    @DisplayName("Rule 10: lifecycle")
    class Rule10Lifecycle {

        @Test
        void rule10_closeIsIdempotent() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"));

            registry.close();

            assertDoesNotThrow(registry::close, "Rule 10: a second close must do nothing");
        }

        @Test
        void rule10_everyCallButCloseThrowsIllegalStateAfterCloseBeforeCheckingArguments() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"));
            registry.close();

            Map<String, Executable> calls = new LinkedHashMap<>(keyCalls(registry, null));
            calls.put("put(key, null)", () -> registry.put("a", null));
            calls.put("computeIfAbsent(key, null)", () -> registry.computeIfAbsent("a", null));
            calls.put("put(\"\", id)", () -> registry.put("", id("s-a")));
            calls.put("put(key, id, -1)", () -> registry.put("a", id("s-a"), -1));
            calls.put("get(a key of 2049 chars)", () -> registry.get("k".repeat(2049)));
            calls.put("invalidateAll()", registry::invalidateAll);
            calls.put("size()", registry::size);
            calls.put("totalWeight()", registry::totalWeight);
            calls.put("entries()", registry::entries);
            calls.put("snapshotIds()", registry::snapshotIds);
            calls.put("deliverPendingEvictions()", registry::deliverPendingEvictions);
            calls.put("pendingEvictions()", registry::pendingEvictions);
            calls.put("cleanUp()", registry::cleanUp);
            calls.put("stats()", registry::stats);
            calls.put("invalidate(null, null)", () -> registry.invalidate(null, null));
            calls.put("streamEntries(null)", () -> registry.streamEntries(null));
            calls.put("reconcile(null, null)", () -> registry.reconcile(null, null));
            calls.put("storageSchema()", registry::storageSchema);
            calls.forEach((call, executable) -> assertThrows(IllegalStateException.class, executable,
                    "Rule 10: " + call + " on a closed registry must throw IllegalStateException, "
                            + "before checking its arguments (rule 7)"));
        }
    }

    // ---------------------------------------------------------------- Rule 11

    /** Rule 11: reconciliation with the snapshot store, and invalidate(key, id). */
    @Nested
    @DisplayName("Rule 11: reconciliation")
    class Rule11Reconciliation {

        @Test
        void rule11_anUnmappedIdAtLeastTheGracePeriodOldIsAnOrphan() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("mapped"));

            Reconciliation found = registry.reconcile(Stream.of(stored("mapped", GRACE.multipliedBy(9)),
                    stored("exactly-grace-old", GRACE), stored("older", GRACE.plusDays(1))), GRACE);

            assertEquals(List.of(id("exactly-grace-old"), id("older")), found.orphans(),
                    "Rule 11: the orphans are the unmapped ids whose lastModified is the grace period or more before"
                            + " the registry clock's now, in the store's order");
            assertEquals(List.of(), found.missing(), "Rule 11: the mapped id is stored: nothing is missing");
        }

        @Test
        void rule11_anIdYoungerThanTheGracePeriodIsNeverAnOrphan() {
            SnapshotRegistry registry = registry(config().maxEntries(5));

            Reconciliation found = registry.reconcile(Stream.of(stored("a millisecond too young",
                    GRACE.minusMillis(1)), stored("just made", Duration.ZERO),
                    stored("from the future", Duration.ofHours(-1))), GRACE);

            assertEquals(List.of(), found.orphans(),
                    "Rule 11: an id younger than the grace period must never be an orphan: its creator may still run");
        }

        @Test
        void rule11_aPendingEvictionsIdIsNotAnOrphan() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            listener.refuseAll();
            registry.put("a", id("pending"));
            registry.invalidate("a");

            Reconciliation found;
            try {
                found = registry.reconcile(Stream.of(stored("pending", GRACE.multipliedBy(9))), GRACE);
            } catch (UnsupportedOperationException notListed) {
                Assumptions.abort("the adapter cannot list its pending evictions: " + notListed.getMessage());
                return;
            }

            assertEquals(List.of(), found.orphans(),
                    "Rule 11: an id that a pending eviction names is not an orphan: the listener will be told");
        }

        @Test
        void rule11_aSharedIdIsNotAnOrphanWhileAnyKeyMapsIt() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("shared"));
            registry.put("b", id("shared"));

            assertEquals(List.of(), reconcileOld(registry, "shared").orphans(),
                    "Rule 11: an id that two keys map is not an orphan");
            registry.invalidate("a");
            assertEquals(List.of(), reconcileOld(registry, "shared").orphans(),
                    "Rule 11: an id that a key still maps is not an orphan, whichever key mapped it first");
            registry.invalidate("b");
            assertEquals(List.of(new Eviction("b", id("shared"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 6: the id is delivered once no key maps it");
            assertEquals(List.of(id("shared")), reconcileOld(registry, "shared").orphans(),
                    "Rule 11: once no key maps it and its eviction was delivered, a stored id is an orphan");
        }

        @Test
        void rule11_missingAreTheEntriesWhoseIdTheStoreDoesNotHoldLeastRecentlyUsedFirst() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("gone-1"));
            registry.put("b", id("kept"));
            registry.put("c", id("gone-2"));
            registry.put("d", id("gone-1"));
            registry.get("a");

            Reconciliation found = registry.reconcile(Stream.of(stored("kept", Duration.ZERO)), GRACE);

            assertEquals(List.of("c", "d", "a"), keysOf(found.missing()),
                    "Rule 11: the missing entries are those whose id the store lacks, least recently used first");
        }

        @Test
        void rule11_reconcileChangesNothingAndNotifiesNobody() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("expired", id("s-expired"));
            clock.advance(EXPIRY.dividedBy(2));
            listener.refuseAll();
            registry.put("a", id("s-a"));
            registry.put("b", id("s-b"));
            registry.put("c", id("s-c"));
            registry.invalidate("c");
            listener.acceptAll();
            clock.advance(EXPIRY.dividedBy(2));
            Observation before = observe(registry);

            Reconciliation found = registry.reconcile(Stream.of(stored("s-b", GRACE), stored("orphan", GRACE)), GRACE);

            assertEquals(List.of(id("orphan")), found.orphans(), "Rule 11: the orphan is reported");
            assertEquals(before, observe(registry),
                    "Rule 11: reconcile must change nothing (entries, recency, stats, pending) and notify nobody");
        }

        @Test
        void rule11_invalidateWithAnIdRemovesTheEntryOnlyWhileTheKeyMapsThatId() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            registry.put("a", id("s-a"));
            registry.put("b", id("s-b"));

            assertEquals(false, registry.invalidate("a", id("s-b")),
                    "Rule 11: invalidate(key, id) of a key that maps another id must not remove it");
            assertEquals(false, registry.invalidate("absent", id("s-a")),
                    "Rule 11: invalidate(key, id) of an absent key removes nothing");
            assertEquals(Optional.of(id("s-a")), registry.peek("a"), "Rule 11: the key re-mapped meanwhile stays");
            assertEquals(List.of(), listener.accepted(), "Rule 11: nothing removed, nobody notified");
            assertEquals(true, registry.invalidate("b", id("s-b")),
                    "Rule 11: invalidate(key, id) of a key that maps the id removes it");
            assertEquals(Optional.empty(), registry.peek("b"), "Rule 11: the entry is gone");
            assertEquals(List.of(new Eviction("b", id("s-b"), 1, EXPLICIT)), listener.accepted(),
                    "Rule 11: the removed id is delivered as EXPLICIT");
        }

        @Test
        void rule11_invalidateWithAnIdFirstRemovesExpiredEntriesLikeEveryWrite() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("old", id("s-old"));
            clock.advance(EXPIRY.dividedBy(2));
            registry.put("a", id("s-a"));
            clock.advance(EXPIRY.dividedBy(2));

            assertEquals(false, registry.invalidate("a", id("s-other")),
                    "Rule 11: invalidate(key, id) of a key that maps another id must not remove it");

            assertEquals(List.of(new Eviction("old", id("s-old"), 1, EXPIRED)), listener.accepted(),
                    "Rule 11: invalidate(key, id) is a write: it first removes every expired entry (rule 5)");
            assertEquals(Optional.of(id("s-a")), registry.peek("a"), "Rule 11: the live entry stays");
        }

        @Test
        void rule11_badArgumentsAreRejectedAndChangeNothing() {
            SnapshotRegistry registry = registryWithOneEntry();
            Observation before = observe(registry);
            Map<String, Class<? extends Throwable>> rejected = new LinkedHashMap<>();
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("reconcile(null, grace)", () -> registry.reconcile(null, GRACE));
            rejected.put("reconcile(null, grace)", NullPointerException.class);
            calls.put("reconcile(store, null)", () -> registry.reconcile(Stream.of(), null));
            rejected.put("reconcile(store, null)", NullPointerException.class);
            calls.put("reconcile(store, -1 s)", () -> registry.reconcile(Stream.of(), Duration.ofSeconds(-1)));
            rejected.put("reconcile(store, -1 s)", IllegalArgumentException.class);
            calls.put("invalidate(null, id)", () -> registry.invalidate(null, id("s-a")));
            rejected.put("invalidate(null, id)", NullPointerException.class);
            calls.put("invalidate(key, null)", () -> registry.invalidate("a", null));
            rejected.put("invalidate(key, null)", NullPointerException.class);
            calls.put("invalidate(\"\", id)", () -> registry.invalidate("", id("s-a")));
            rejected.put("invalidate(\"\", id)", IllegalArgumentException.class);

            calls.forEach((call, executable) -> assertThrows(rejected.get(call), executable,
                    "Rule 11: " + call + " must throw " + rejected.get(call).getSimpleName() + " (rule 1)"));
            assertEquals(before, observe(registry), "Rule 11: rejected calls must change nothing (rule 1)");
        }

        private Reconciliation reconcileOld(SnapshotRegistry registry, String id) {
            return registry.reconcile(Stream.of(stored(id, GRACE.multipliedBy(9))), GRACE);
        }

        /** A snapshot in the store, modified {@code age} before the kit clock's now. */
        private StoredSnapshot stored(String id, Duration age) {
            return new StoredSnapshot(id(id), clock.instant().minus(age));
        }
    }

    // ---------------------------------------------------------------- the provider

    /** The opt-in check that the adapter's provider is found by its URI scheme. */
    @Nested
    @DisplayName("Provider")
    class Provider {

        @Test
        void provider_isFoundForItsSchemeAndOpensAWorkingRegistry() throws Exception {
            String uri = registryUri();
            Assumptions.assumeTrue(uri != null, "registryUri() is not overridden: no provider to check");
            String scheme = uri.substring(0, Math.max(0, uri.indexOf(':')));

            assertTrue(SnapshotRegistries.schemes().contains(scheme), "Provider: the scheme '" + scheme
                    + "' of " + uri + " must be among SnapshotRegistries.schemes(), were "
                    + SnapshotRegistries.schemes());
            SnapshotRegistry registry = remember(SnapshotRegistries.open(uri, config().maxEntries(3).build()));
            registry.put("a", id("s-a"));
            assertEquals(Optional.of(id("s-a")), registry.get("a"), "Provider: the registry opened by URI works");
        }

        @Test
        void provider_inspectOpensTheStoreReadOnly() throws Exception {
            String uri = registryUri();
            Assumptions.assumeTrue(uri != null, "registryUri() is not overridden: no provider to check");
            try (SnapshotRegistry writer = SnapshotRegistries.open(uri, config().maxEntries(3).build())) {
                writer.put("a", id("s-a"));
            }
            SnapshotRegistry inspected;
            try {
                inspected = remember(SnapshotRegistries.inspect(uri));
            } catch (UnsupportedOperationException cannotInspect) {
                Assumptions.abort("the provider cannot inspect: " + cannotInspect.getMessage());
                return;
            }
            List<RegistryEntry> before = inspected.entries();
            Map<String, Executable> writes = new LinkedHashMap<>();
            writes.put("get", () -> inspected.get("a"));
            writes.put("put(key, id)", () -> inspected.put("b", id("s-b")));
            writes.put("put(key, id, 1)", () -> inspected.put("b", id("s-b"), 1));
            writes.put("computeIfAbsent", () -> inspected.computeIfAbsent("b", key -> id("s-b")));
            writes.put("invalidate(key)", () -> inspected.invalidate("a"));
            writes.put("invalidate(key, id)", () -> inspected.invalidate("a", id("s-a")));
            writes.put("invalidateAll()", inspected::invalidateAll);
            writes.put("cleanUp()", inspected::cleanUp);
            writes.put("deliverPendingEvictions()", inspected::deliverPendingEvictions);

            writes.forEach((call, executable) -> assertThrows(UnsupportedOperationException.class, executable,
                    "Provider: " + call + " on a registry opened for inspection must throw UnsupportedOperationException"));
            assertEquals(before, inspected.entries(), "Provider: a registry opened for inspection changes nothing");
        }
    }

    // ---------------------------------------------------------------- the model

    /** Seeded random walks compared step by step with the reference model. */
    @Nested
    @DisplayName("Model")
    class Model {

        @Test
        void model_randomWalksOfEveryOperationMatchTheReferenceModel() throws Exception {
            String fixedSeed = System.getProperty(SEED_PROPERTY);
            int walks = fixedSeed == null ? Integer.getInteger(WALKS_PROPERTY, 20) : 1;
            int steps = Integer.getInteger(STEPS_PROPERTY, 200);
            Random seeds = new Random();
            for (int walk = 0; walk < walks; walk++) {
                long seed = fixedSeed == null ? seeds.nextLong() : Long.parseLong(fixedSeed);
                new ModelWalk(seed, steps).run(SnapshotRegistryContract.this::create);
            }
        }
    }

    // ---------------------------------------------------------------- fixtures

    private RegistryConfig.Builder config() {
        return RegistryConfig.builder().clock(clock).evictionListener(listener);
    }

    private RegistryConfig.Builder expiring() {
        return config().expireAfterAccess(EXPIRY);
    }

    private SnapshotRegistry registry(RegistryConfig.Builder config) {
        return registry(config.build());
    }

    private SnapshotRegistry registry(RegistryConfig config) {
        try {
            return remember(create(config));
        } catch (Exception failure) {
            throw new AssertionError("the adapter could not create a registry: " + failure, failure);
        }
    }

    private SnapshotRegistry registryWithOneEntry() {
        SnapshotRegistry registry = registry(config().maxEntries(5).maxWeight(10));
        registry.put("a", id("s-a"), 2);
        return registry;
    }

    private SnapshotRegistry reopened(RegistryConfig config) throws Exception {
        opened.forEach(SnapshotRegistry::close);
        try {
            return remember(reopen(config));
        } catch (UnsupportedOperationException notDurable) {
            Assumptions.abort("Rule 8 does not apply: " + notDurable.getMessage());
            throw notDurable;
        }
    }

    private SnapshotRegistry shared(RegistryConfig config) throws Exception {
        try {
            return remember(openShared(config));
        } catch (UnsupportedOperationException notShared) {
            Assumptions.abort("Rule 9 does not apply: " + notShared.getMessage());
            throw notShared;
        }
    }

    private SnapshotRegistry remember(SnapshotRegistry registry) {
        opened.add(registry);
        return registry;
    }

    private void refuseOneInTen() {
        listener.reactWith(eviction -> {
            if (Math.floorMod(eviction.snapshotId().hashCode(), 10) == 0) {
                throw new Exception("refusing one in ten");
            }
        });
    }

    private static SnapshotId id(String value) {
        return SnapshotId.of(value);
    }

    /** An entry of weight 1 last accessed at {@code when}, in milliseconds. */
    private static RegistryEntry lastAccessed(String key, String id, Instant when) {
        return new RegistryEntry(key, id(id), 1, when.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The entries with {@code lastAccess} at millisecond precision, the precision the contract compares. */
    static List<RegistryEntry> inMilliseconds(List<RegistryEntry> entries) {
        return entries.stream()
                .map(entry -> new RegistryEntry(entry.key(), entry.snapshotId(), entry.weight(),
                        entry.lastAccess().truncatedTo(ChronoUnit.MILLIS)))
                .toList();
    }

    private static List<RegistryEntry> streamed(SnapshotRegistry registry, RecencyOrder order) {
        try (Stream<RegistryEntry> entries = registry.streamEntries(order)) {
            return entries.toList();
        }
    }

    /** Starts a daemon thread, which a registry that hangs cannot keep from ending the test run. */
    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Polls a thread's state, without sleeping, until it waits, blocks or has ended; a thread still
     * running after the patience fails the test.
     */
    private static Thread.State waitingOrTerminated(Thread thread) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED || state == Thread.State.TERMINATED) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Rule 6: the put neither waited nor returned within " + PATIENCE.toSeconds()
                        + " s, it was " + state);
            }
            Thread.onSpinWait();
        }
    }

    private static List<String> keysOf(List<RegistryEntry> entries) {
        return entries.stream().map(RegistryEntry::key).toList();
    }

    private static String describeKey(String key) {
        return key.length() > 20 ? "of " + key.length() + " chars" : ModelWalk.show(key);
    }

    private static Map<String, Executable> keyCalls(SnapshotRegistry registry, String key) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("get", () -> registry.get(key));
        calls.put("peek", () -> registry.peek(key));
        calls.put("put(key, id)", () -> registry.put(key, id("s-new")));
        calls.put("put(key, id, 1)", () -> registry.put(key, id("s-new"), 1));
        calls.put("computeIfAbsent", () -> registry.computeIfAbsent(key, k -> id("s-new")));
        calls.put("invalidate", () -> registry.invalidate(key));
        return calls;
    }

    private static void assertMentions(Throwable thrown, String argument, String call) {
        String message = String.valueOf(thrown.getMessage());
        assertTrue(message.contains(argument),
                call + ": the message must name the argument '" + argument + "', was: " + message);
    }

    /** What a rejected call must leave as it was. */
    private record Observation(
            List<RegistryEntry> entries, long size, long totalWeight, long pending, RegistryStats stats,
            List<Eviction> accepted) {}

    private Observation observe(SnapshotRegistry registry) {
        return new Observation(registry.entries(), registry.size(), registry.totalWeight(),
                registry.pendingEvictions(), registry.stats(), listener.accepted());
    }

    private <T> T onAnotherThread(int rule, String what, Callable<T> call) {
        return result(rule, what + " on another thread", helpers.submit(call));
    }

    /** The result of a call running on another thread, which must finish within the patience. */
    private static <T> T result(int rule, String what, Future<T> result) {
        try {
            return result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException blocked) {
            throw new AssertionError("Rule " + rule + ": " + what + " did not finish within "
                    + PATIENCE.toSeconds() + " s: the registry is still locked", blocked);
        } catch (InterruptedException | ExecutionException failure) {
            throw new AssertionError("Rule " + rule + ": " + what + " failed: " + failure, failure);
        }
    }

    private static void await(CountDownLatch latch) {
        await(7, latch);
    }

    private static void await(int rule, CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("Rule " + rule + ": waited " + PATIENCE.toSeconds()
                        + " s for another thread in vain");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Rule " + rule + ": interrupted while waiting for another thread", interrupted);
        }
    }

    /**
     * Waits, for at most the patience, until {@code expected} callers have announced that they ask
     * for a key: a creator that waits for them lets every caller reach {@code computeIfAbsent} while
     * it runs.
     */
    private static void awaitArrivals(Map<String, AtomicInteger> arrivals, String key, int expected) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (arrivals.get(key).get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until the thread in {@code holder} parks or blocks, which a caller waiting for a running
     * creator does, or the patience ends. Tests that use it stay correct if the thread was not yet
     * waiting: they then see it come late.
     */
    private static void awaitBlocked(AtomicReference<Thread> holder) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Thread thread = holder.get();
            if (thread != null && (thread.getState() == Thread.State.WAITING
                    || thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.BLOCKED)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    private static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("Rule 7: computeIfAbsent must throw the creator's exception");
        } catch (ExecutionException thrown) {
            return thrown.getCause();
        }
    }

    private void assertNoLoadFailures(int rule, ConcurrentLoad.Outcome outcome) {
        if (!outcome.failures().isEmpty()) {
            AssertionError error = new AssertionError("Rule " + rule + ": " + outcome.failures().size()
                    + " operations failed under concurrent load (seed " + outcome.seed() + "); the first: "
                    + outcome.failures().get(0));
            outcome.failures().forEach(error::addSuppressed);
            throw error;
        }
        assertEquals(List.of(), outcome.boundViolations(),
                "Rule " + rule + ": the bounds of rule 4 must hold after every write under concurrent load (seed "
                        + outcome.seed() + ")");
    }

    /**
     * After a concurrent load, with the listener accepting: the invariants of rules 4 and 6, in the
     * name of the rule under test (7 for one registry, 9 for two on shared storage).
     */
    private void assertEverythingAccountedFor(
            int rule, List<SnapshotRegistry> registries, ConcurrentLoad.Outcome outcome, RegistryConfig config) {
        String prefix = "Rule " + rule + ": after a concurrent load with seed " + outcome.seed() + ", ";
        listener.acceptAll();
        for (SnapshotRegistry registry : registries) {
            registry.deliverPendingEvictions();
        }
        SnapshotRegistry registry = registries.get(0);
        List<RegistryEntry> entries = registry.entries();
        assertTrue(entries.size() <= config.maxEntries().orElseThrow()
                        && registry.totalWeight() <= config.maxWeight().orElseThrow(),
                prefix + "the bounds after the load, were " + entries.size() + " entries, weight "
                        + registry.totalWeight());
        assertEquals(entries.size(), registry.size(), prefix + "size() must count the entries after the load");
        Set<SnapshotId> mapped = entries.stream().map(RegistryEntry::snapshotId).collect(Collectors.toSet());
        Set<SnapshotId> delivered = new HashSet<>(listener.acceptedIds());
        Set<SnapshotId> lost = new HashSet<>(outcome.stored());
        lost.removeAll(mapped);
        lost.removeAll(delivered);
        assertEquals(Set.of(), lost, prefix + "every id stored must be mapped or delivered (rule 6)");
        Set<SnapshotId> deliveredWhileMapped = new HashSet<>(delivered);
        deliveredWhileMapped.retainAll(mapped);
        assertEquals(Set.of(), deliveredWhileMapped, prefix + "no id may be delivered while a key maps it (rule 6)");
        assertEquals(0, registry.pendingEvictions(), prefix + "nothing is pending once the listener accepts");
    }
}
