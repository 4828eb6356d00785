package io.github.snapshotregistry.tck;

import static io.github.snapshotregistry.RemovalCause.CAPACITY;
import static io.github.snapshotregistry.RemovalCause.EXPIRED;
import static io.github.snapshotregistry.RemovalCause.EXPLICIT;
import static io.github.snapshotregistry.RemovalCause.REPLACED;
import static io.github.snapshotregistry.tck.Harness.PATIENCE;
import static io.github.snapshotregistry.tck.Harness.assertEverythingAccountedFor;
import static io.github.snapshotregistry.tck.Harness.assertMentions;
import static io.github.snapshotregistry.tck.Harness.assertNoLoadFailures;
import static io.github.snapshotregistry.tck.Harness.await;
import static io.github.snapshotregistry.tck.Harness.awaitArrivals;
import static io.github.snapshotregistry.tck.Harness.daemon;
import static io.github.snapshotregistry.tck.Harness.describeKey;
import static io.github.snapshotregistry.tck.Harness.failureOf;
import static io.github.snapshotregistry.tck.Harness.id;
import static io.github.snapshotregistry.tck.Harness.inMilliseconds;
import static io.github.snapshotregistry.tck.Harness.keyCalls;
import static io.github.snapshotregistry.tck.Harness.keysOf;
import static io.github.snapshotregistry.tck.Harness.lastAccessed;
import static io.github.snapshotregistry.tck.Harness.race;
import static io.github.snapshotregistry.tck.Harness.result;
import static io.github.snapshotregistry.tck.Harness.streamed;
import static io.github.snapshotregistry.tck.Harness.waitingOrTerminated;
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
import io.github.snapshotregistry.tck.Harness.Observation;
import io.github.snapshotregistry.tck.Harness.PausingClock;
import io.github.snapshotregistry.tck.Harness.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
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
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * System property: how many seconds the kit waits for another thread before it calls the registry
     * stuck (default 10); a failure then says which call did not return.
     */
    public static final String PATIENCE_PROPERTY = "snapshotregistry.tck.patience";

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

        /**
         * A null key gets a NullPointerException naming {@code key} from every keyed call, and changes nothing. Look
         * at: the argument checks at the top of each keyed method.
         */
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

        /**
         * A null id gets a NullPointerException naming {@code id}, and changes nothing. Look at: {@code put}'s argument
         * checks.
         */
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

        /**
         * An empty key, one over 2048 chars, or one with an unpaired surrogate gets an IllegalArgumentException and
         * changes nothing. Look at: the key check (use {@code RegistryArguments.checkKey}).
         */
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

        /**
         * A negative weight or one above {@code maxWeight} is rejected and changes nothing. Look at: the weight check,
         * which must run before anything is written.
         */
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

        /**
         * A weight from the weigher is checked like a given one, for {@code put} and {@code computeIfAbsent}. Look at:
         * where the adapter calls the weigher and whether it checks the result.
         */
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

        /**
         * A weigher's exception reaches the caller unchanged and changes nothing. Look at: a catch that wraps the
         * weigher's exception, or a weigher called inside a half-done write.
         */
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

        /**
         * {@code put(key, id)} checks its arguments before it calls the weigher. Look at: the order of the argument
         * checks and the weigher call in {@code put}.
         */
        @Test
        void rule1_theWeigherRunsOnlyAfterTheArgumentChecks() {
            IllegalStateException weighed = new IllegalStateException("the weigher ran");
            SnapshotRegistry registry = registry(config().maxEntries(5).weigher((key, id) -> {
                throw weighed;
            }));

            assertThrows(NullPointerException.class, () -> registry.put(null, id("s-a")),
                    "Rule 1: put(null, id) must be rejected before the weigher runs");
            assertThrows(NullPointerException.class, () -> registry.put("a", null),
                    "Rule 1: put(key, null) must be rejected before the weigher runs");
            assertThrows(IllegalArgumentException.class, () -> registry.put("", id("s-a")),
                    "Rule 1: put of an empty key must be rejected before the weigher runs");
        }

        /**
         * A rejected write purges no expired entry and notifies nobody. Look at: a purge of expired entries that runs
         * before the argument checks.
         */
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

        /**
         * A null creator, or a creator that returns null, gets a NullPointerException and stores nothing. Look at:
         * {@code computeIfAbsent}'s checks before and after the creator runs.
         */
        @Test
        void rule1_aNullCreatorOrANullCreatedIdIsRejectedAndStoresNothing() {
            SnapshotRegistry registry = registryWithOneEntry();

            NullPointerException noCreator = assertThrows(NullPointerException.class,
                    () -> registry.computeIfAbsent("b", null),
                    "Rule 1: computeIfAbsent with a null creator must throw NullPointerException");
            assertMentions(noCreator, "creator", "Rule 1: computeIfAbsent with a null creator");
            NullPointerException nullCreated = assertThrows(NullPointerException.class,
                    () -> registry.computeIfAbsent("b", k -> null),
                    "Rule 1: computeIfAbsent whose creator returns null must throw NullPointerException");
            assertMentions(nullCreated, "creator", "Rule 1: computeIfAbsent whose creator returns null");
            assertEquals(Optional.empty(), registry.peek("b"),
                    "Rule 1: a creator that returned null must leave the key absent");
        }

        /**
         * Every other string (quotes, %, _, NUL, emoji, SQL) is a valid key and id, stored and found exactly. Look at:
         * SQL built by concatenation, LIKE patterns, or a lossy text encoding.
         */
        @Test
        void rule1_everyOtherStringIsAValidKey() {
            List<String> keys = List.of(" ", "with spaces", "it's", "\"quoted\"", "100%", "%", "a_c", "abc",
                    "_", "nul\u0000inside", "\uD83D\uDE00 emoji", "'; DROP TABLE entries; --", "back\\slash",
                    "line\nbreak", "k".repeat(2048), "\uD83D\uDE00".repeat(1024), "\u00e9t\u00e9", "*", "?", "[a-z]");
            SnapshotRegistry registry = registry(config().maxEntries(100));
            Function<Integer, SnapshotId> idOf = i -> id(i + keys.get(i).substring(0, Math.min(keys.get(i).length(), 1000)));
            for (int i = 0; i < keys.size(); i++) {
                registry.put(keys.get(i), idOf.apply(i));
            }

            for (int i = 0; i < keys.size(); i++) {
                assertEquals(Optional.of(idOf.apply(i)), registry.get(keys.get(i)),
                        "Rule 1: get(" + describeKey(keys.get(i)) + ") must return the id, as odd as its key, put for it");
            }
            assertEquals(Set.copyOf(keys), keysOf(registry.entries()).stream().collect(Collectors.toSet()),
                    "Rule 1: entries() must list every key exactly as put");
            assertEquals(Optional.of(idOf.apply(4)), registry.invalidate("100%"),
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

        /**
         * get, peek and invalidate of an absent key are empty and notify nobody. Look at: a read that returns a default
         * or an invalidate that notifies for nothing.
         */
        @Test
        void rule2_anAbsentKeyIsEmptyEverywhere() {
            SnapshotRegistry registry = registry(config().maxEntries(3));

            assertEquals(Optional.empty(), registry.get("a"), "Rule 2: get of an absent key must be empty");
            assertEquals(Optional.empty(), registry.peek("a"), "Rule 2: peek of an absent key must be empty");
            assertEquals(Optional.empty(), registry.invalidate("a"),
                    "Rule 2: invalidate of an absent key must be empty");
            assertEquals(List.of(), listener.accepted(), "Rule 2: an absent key notifies nobody");
        }

        /**
         * After {@code put(key, id)}, get and peek return {@code id}, also after the key was read and put again. Look
         * at: the basic write and read paths, and a read cache that a put does not update.
         */
        @Test
        void rule2_getAndPeekReturnWhatWasPut() {
            SnapshotRegistry registry = registry(config().maxEntries(3));

            registry.put("a", id("s1"));

            assertEquals(Optional.of(id("s1")), registry.get("a"), "Rule 2: get after put(a, s1)");
            assertEquals(Optional.of(id("s1")), registry.peek("a"), "Rule 2: peek after put(a, s1)");
            assertEquals(1, registry.size(), "Rule 2: one put makes one entry");
            registry.put("a", id("s2"));
            assertEquals(Optional.of(id("s2")), registry.peek("a"), "Rule 2: peek after put(a, s2) over s1");
            assertEquals(Optional.of(id("s2")), registry.get("a"), "Rule 2: get after put(a, s2) over s1");
        }

        /**
         * A put over another id replaces it and delivers the old id as REPLACED. Look at: the replace path of {@code
         * put}, which must report the entry it overwrote.
         */
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

        /**
         * A put of the id the key already maps refreshes recency and weight and removes nothing. Look at: a put that
         * treats the same id as a replacement.
         */
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

        /**
         * invalidate returns the removed id and delivers it as EXPLICIT. Look at: {@code invalidate}'s return value and
         * removal cause.
         */
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

        /**
         * invalidateAll removes every entry as EXPLICIT, least recently used first. Look at: the order in which {@code
         * invalidateAll} reads and removes entries.
         */
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

        /**
         * snapshotIds lists each mapped id once, in recency order. Look at: an overridden {@code snapshotIds} that does
         * not remove duplicates.
         */
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

        /**
         * Accesses within one millisecond are still strictly ordered. Look at: recency kept as a timestamp alone,
         * without a sequence number to break ties.
         */
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

        /**
         * peek, entries, snapshotIds, size, totalWeight and stats leave recency alone. Look at: a read path that
         * touches the entry it reads.
         */
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

        /**
         * streamEntries gives the entries least or most recently used first, as asked, without changing recency. Look
         * at: the ORDER BY (or iteration direction) of {@code streamEntries}.
         */
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

        /**
         * streamEntries is weakly consistent: while entries already seen are accessed between two pulls, every entry
         * that nobody accesses is seen exactly once, in either order. Look at: paging by position (OFFSET), which skips
         * or repeats an entry each time another moves across the walk.
         */
        @Test
        void rule3_streamEntriesSeesEveryUntouchedEntryOnceWhileOthersAreAccessed() {
            int count = 30;
            SnapshotRegistry registry = registry(config().maxEntries(count));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                keys.add("k" + i);
                registry.put("k" + i, id("s" + i));
            }

            for (RecencyOrder order : RecencyOrder.values()) {
                Map<String, Integer> seen = new LinkedHashMap<>();
                Set<String> accessed = new HashSet<>();
                try (Stream<RegistryEntry> stream = registry.streamEntries(order)) {
                    Iterator<RegistryEntry> pulled = stream.iterator();
                    while (pulled.hasNext()) {
                        String key = pulled.next().key();
                        seen.merge(key, 1, Integer::sum);
                        if (accessed.size() < count / 3 && accessed.add(key)) {
                            registry.get(key);
                        }
                    }
                }

                for (String key : keys) {
                    int times = seen.getOrDefault(key, 0);
                    assertTrue(accessed.contains(key) ? times >= 1 : times == 1, "Rule 3: streamEntries(" + order
                            + ") must give every entry present for the whole walk, and one that nobody accessed"
                            + " exactly once, while the entries already seen were accessed; " + key + " was seen "
                            + times + " times (accessed during the walk: " + accessed.contains(key) + ")");
                }
                assertEquals(Set.copyOf(keys), seen.keySet(), "Rule 3: streamEntries(" + order + ") gives the entries");
            }
        }

        /**
         * An entry's lastAccess is the registry clock's instant of its last access, in milliseconds. Look at: a system
         * clock used instead of the configured one, or lastAccess not updated on a hit.
         */
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

        /**
         * A write over maxEntries evicts the least recently used entry as CAPACITY. Look at: which end of the recency
         * order eviction takes from.
         */
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

        /**
         * Eviction takes entries one at a time until both bounds hold, and no more. Look at: an eviction loop that
         * checks only one bound or overshoots.
         */
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

        /**
         * The entry just written is never evicted to make room for itself, also when its key was the least recently
         * used. Look at: the eviction loop, which must skip the key it just wrote, and recency updated only after it.
         */
        @Test
        void rule4_theEntryJustWrittenIsNeverEvictedToMakeRoomForItself() {
            SnapshotRegistry registry = registry(config().maxWeight(10));
            registry.put("a", id("s-a"), 4);
            registry.put("b", id("s-b"), 4);

            registry.put("c", id("s-c"), 10);

            assertEquals(List.of("c"), keysOf(registry.entries()),
                    "Rule 4: an entry of weight maxWeight must evict every other entry and stay");
            assertEquals(10, registry.totalWeight(), "Rule 4: totalWeight equal to maxWeight is allowed");
            registry.invalidateAll();
            registry.put("d", id("s-d"), 5);
            registry.put("e", id("s-e"), 5);
            registry.put("d", id("s-d2"), 6);
            assertEquals(List.of("d"), keysOf(registry.entries()),
                    "Rule 4: a put over the least recently used key must evict the others, not the key it writes");
        }

        /**
         * A put of the same id with a larger weight evicts others to keep maxWeight. Look at: a refresh path that skips
         * the bounds check.
         */
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

        /**
         * Weight 0 is allowed, weighs nothing against maxWeight, and counts against maxEntries. Look at: a weight check
         * that rejects 0, or a bound that ignores weightless entries.
         */
        @Test
        void rule4_weightZeroIsAllowedAndWeighsNothing() {
            SnapshotRegistry registry = registry(config().maxWeight(1));

            registry.put("a", id("s-a"), 0);
            registry.put("b", id("s-b"), 0);
            registry.put("c", id("s-c"), 1);

            assertEquals(3, registry.size(), "Rule 4: entries of weight 0 must fit beside one of weight maxWeight");
            assertEquals(1, registry.totalWeight(), "Rule 4: totalWeight with weights 0, 0 and 1");
        }

        /**
         * size and totalWeight agree with the entries. Look at: counters kept beside the entries that drift from them.
         */
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

        /**
         * A read never returns an expired entry and removes that entry only, as EXPIRED. Look at: the expiry check on
         * the read path.
         */
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

        /**
         * An entry whose last access is exactly the duration ago is expired. Look at: a {@code >} where {@code >=}
         * belongs, or expiry compared below millisecond precision.
         */
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

        /** peek does not renew an entry's access, so it still expires. Look at: a peek that updates lastAccess. */
        @Test
        void rule5_peekDoesNotRenewTheAccess() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s-a"));

            clock.advance(Duration.ofMillis(60));
            registry.peek("a");
            clock.advance(Duration.ofMillis(40));

            assertEquals(Optional.empty(), registry.peek("a"), "Rule 5: peek must not renew the access time");
        }

        /**
         * Every write first removes all expired entries, as EXPIRED. Look at: a write path that does not purge first.
         */
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

        /**
         * invalidate of an expired key returns empty: the purge removed it first. Look at: {@code invalidate} reading
         * the key before purging.
         */
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

        /**
         * A put over an expired key delivers the old id as EXPIRED, not REPLACED. Look at: the purge before the replace
         * in {@code put}.
         */
        @Test
        void rule5_aPutOverAnExpiredKeyDeliversTheOldIdAsExpired() {
            SnapshotRegistry registry = registry(expiring().maxEntries(5));
            registry.put("a", id("s1"), 1);
            clock.advance(EXPIRY);

            registry.put("a", id("s2"), 1);

            assertEquals(List.of(new Eviction("a", id("s1"), 1, EXPIRED)), listener.accepted(),
                    "Rule 5: put over an expired key must deliver the old id as EXPIRED, not REPLACED");
        }

        /**
         * A put of the same id over its own expired entry stores it anew and delivers nothing. Look at: the purge's
         * eviction not cancelled when the id is stored again.
         */
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

        /**
         * computeIfAbsent runs its creator for an expired key. Look at: computeIfAbsent's presence check ignoring
         * expiry.
         */
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

        /**
         * computeIfAbsent delivers the expired id before its creator runs. Look at: the removal delivered only after
         * the creator, with the rest of the write.
         */
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

        /** cleanUp removes every expired entry and nothing else. Look at: {@code cleanUp}'s query or loop. */
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

        /**
         * invalidateAll delivers expired entries as EXPIRED, then the rest as EXPLICIT. Look at: invalidateAll skipping
         * the purge.
         */
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

        /**
         * Entries removed as EXPIRED count in evictionCount and evictionWeight. Look at: the statistics of the purge.
         */
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

        /**
         * One operation's removals are delivered in order (expired, its own, capacity) on the calling thread. Look at:
         * the order removals are collected in, and an executor used for delivery.
         */
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

        /**
         * The listener runs after commit with no registry lock held. Look at: delivery inside the transaction or
         * synchronized block.
         */
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

        /**
         * A listener may write to the registry, from its own thread or another, without failing or deadlocking. Look
         * at: non-reentrant locks held while delivering.
         */
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

        /**
         * An Error from the listener propagates from deliverPendingEvictions and leaves the evictions pending. Look at:
         * a catch of Throwable, or marking delivered before the listener returns.
         */
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

        /**
         * deliverPendingEvictions offers every pending eviction, oldest first, on the calling thread, with no registry
         * lock held. Look at: deliverPendingEvictions' loop, lock and thread.
         */
        @Test
        void rule6_deliverPendingEvictionsOffersEveryOneOnTheCallingThreadWithNoLockHeld() {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            listener.refuseAll();
            registry.put("a", id("s-a"), 1);
            registry.put("b", id("s-b"), 1);
            registry.put("c", id("s-c"), 1);
            List<String> seenByListener = new ArrayList<>();
            listener.reactWith(eviction -> seenByListener.add(eviction.key() + " size: "
                    + onAnotherThread(6, "size from the listener during deliverPendingEvictions", registry::size)));

            int delivered = registry.deliverPendingEvictions();

            assertEquals(2, delivered, "Rule 6: deliverPendingEvictions must offer every pending eviction");
            assertEquals(List.of("a size: 1", "b size: 1"), seenByListener,
                    "Rule 6: deliverPendingEvictions must offer each, oldest first, with no registry lock held");
            assertEquals(List.of(Thread.currentThread()), listener.threads().stream().distinct().toList(),
                    "Rule 6: deliverPendingEvictions must offer them on the thread that called it");
        }

        /** An id is delivered only once no key maps it. Look at: the check for other keys mapping the removed id. */
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

        /**
         * A listener's Exception leaves the eviction pending and the operation succeeds; deliverPendingEvictions
         * retries it. Look at: the catch around the listener.
         */
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

        /**
         * After a listener's Exception, the operation's later removals are still offered. Look at: a delivery loop that
         * stops at the first refusal.
         */
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

        /**
         * A listener's Error propagates after commit; that eviction and the later ones stay pending. Look at: later
         * removals dropped or marked delivered when an Error escapes.
         */
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

        /**
         * deliverPendingEvictions offers every pending eviction, oldest first. Look at: the order and the limit of the
         * pending query.
         */
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

        /**
         * Storing an id again, by put or computeIfAbsent, cancels its pending eviction. Look at: the write path's
         * deletion of pending rows for the stored id.
         */
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

        /**
         * A put of an id that another thread's listener is being offered waits until that listener returns. Look at:
         * the per-id bookkeeping of offers in flight.
         */
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
            Thread.State state = waitingOrTerminated(putter, PATIENCE);
            assertTrue(state != Thread.State.RUNNABLE,
                    "Rule 6: the put neither waited nor returned within " + PATIENCE.toSeconds() + " s");
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

        /**
         * A listener's put of the id it is offered, on the delivering thread, does not wait for itself. Look at: the
         * offer bookkeeping, which must recognise the delivering thread.
         */
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

        /**
         * listPendingEvictions lists the pending evictions oldest first and delivers nothing. Look at: the order of the
         * pending query.
         */
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

        /**
         * Under concurrent load of every operation the bounds hold after every write and no id is lost. Look at:
         * read-modify-write sequences outside one lock or transaction.
         */
        @Test
        void rule7_manyThreadsKeepTheBoundsAndLoseNoId() throws Exception {
            RegistryConfig config = config().maxEntries(20).maxWeight(30).build();
            SnapshotRegistry registry = registry(config);
            listener.refuseOneInTen();

            ConcurrentLoad.Outcome outcome = ConcurrentLoad.run(List.of(registry), config, 4, 400, new Random().nextLong());

            assertNoLoadFailures(7, outcome);
            assertEverythingAccountedFor(7, List.of(registry), outcome, config, listener);
        }

        /**
         * Two puts of one key do not interleave, even when one lands while the other reads the clock: the loser is
         * delivered as REPLACED. Look at: the lock or transaction around put's read of the old entry and its write.
         */
        @Test
        void rule7_aPutThatAnotherPutOfItsKeyInterruptsHalfwayIsStillAtomic() throws Exception {
            PausingClock pausing = new PausingClock(clock);
            SnapshotRegistry registry = registry(config().clock(pausing).maxEntries(5));
            registry.put("a", id("s0"));
            Future<?> paused = helpers.submit(() -> pausing.pauseIn(() -> registry.put("a", id("s1"))));
            pausing.awaitPaused();

            FutureTask<Void> other = new FutureTask<>(() -> registry.put("a", id("s2")), null);
            waitingOrTerminated(daemon(other, "rule7-other-put"), Duration.ofSeconds(2));
            pausing.release();
            result(7, "the put paused while it read the clock", paused);
            result(7, "the put that came while the other was paused", other);

            SnapshotId mapped = registry.peek("a").orElseThrow(() -> new AssertionError("Rule 7: the key lost its entry"));
            assertTrue(Set.of(id("s1"), id("s2")).contains(mapped), "Rule 7: one of the two puts wins, was " + mapped);
            assertEquals(Set.of(id("s0"), id("s1"), id("s2")),
                    Stream.concat(Stream.of(mapped), listener.acceptedIds().stream()).collect(Collectors.toSet()),
                    "Rule 7: the put that lost and the first id must be delivered as replaced: two puts of one key"
                            + " must not interleave, even when one lands while the other reads the clock");
            assertEquals(2, listener.accepted().size(), "Rule 7: each replaced id is delivered once");
        }

        /**
         * Many threads asking computeIfAbsent for the same keys run each key's creator once and all get its id. Look
         * at: the single-flight map of creations in flight.
         */
        @Test
        void rule7_concurrentComputeIfAbsentCreatesEachKeyOnce() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(1000));
            int threads = 6;
            int keys = 30;
            Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();
            CountDownLatch start = new CountDownLatch(1);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
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
                            awaitArrivals(arrivals, x, threads, deadline);
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

        /**
         * A caller that comes while the creator runs waits and shares its result. Look at: the single-flight map of
         * creations in flight.
         */
        @Test
        void rule7_concurrentCallersWaitForTheCreatorAndShareItsResult() {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            AtomicInteger creations = new AtomicInteger();
            Function<String, SnapshotId> creator = key -> {
                creations.incrementAndGet();
                return id("created");
            };

            Race race = race(helpers, registry, "a", creator, creator);

            assertEquals(id("created"), result(7, "the creator's caller", race.creatorsCaller()),
                    "Rule 7: the creator's caller");
            assertEquals(id("created"), result(7, "the waiting caller", race.waiter()),
                    "Rule 7: a concurrent caller must share the creator's result");
            assertEquals(1, creations.get(), "Rule 7: the creator must run once for concurrent callers");
        }

        /**
         * A caller that waited for a creator that threw gets the very same exception. Look at: how the creation's
         * failure is handed to its waiters.
         */
        @Test
        void rule7_concurrentCallersShareTheCreatorsException() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));
            for (int round = 1; round <= 5; round++) {
                IllegalStateException failure = new IllegalStateException("creation failed");
                IllegalStateException late = new IllegalStateException("the second caller came too late to wait");
                AtomicBoolean firstEnded = new AtomicBoolean();

                Race race = race(helpers, registry, "a" + round, key -> {
                    firstEnded.set(true);
                    throw failure;
                }, key -> {
                    assertTrue(firstEnded.get(), "Rule 7: a second creator for " + key + " ran while the first still ran");
                    throw late;
                });

                assertSame(failure, failureOf(race.creatorsCaller()), "Rule 7: the creator's caller gets its exception");
                Throwable shared = failureOf(race.waiter());
                assertEquals(Optional.empty(), registry.peek("a" + round), "Rule 7: a creator that threw stores nothing");
                if (shared != late) {
                    assertSame(failure, shared, "Rule 7: a waiting caller must get the very same exception");
                    return;
                }
            }
            fail("Rule 7: in 5 tries no second caller waited for a running creator; each ran its own after it");
        }

        /**
         * When the creator's id is stored and the listener then throws an Error, a caller that waited still gets the
         * id. Look at: the waiters completed only after delivery.
         */
        @Test
        void rule7_aCallerThatWaitedGetsTheStoredIdEvenWhenTheCreatorsListenerThrowsAnError() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(1));
            registry.put("old", id("s-old"));
            AssertionError error = new AssertionError("the listener fails hard");
            listener.reactWith(eviction -> {
                throw error;
            });

            Race race = race(helpers, registry, "a", key -> id("created"), key -> id("late"));

            assertSame(error, failureOf(race.creatorsCaller()),
                    "Rule 7: the listener's Error reaches the creator's caller after the id is stored (rule 6)");
            assertEquals(id("created"), result(7, "the caller that waited for the creator", race.waiter()),
                    "Rule 7: a caller that waited shares the creator's result: the id was stored, and the listener's"
                            + " Error after that is the creator's caller's alone");
            assertEquals(Optional.of(id("created")), registry.peek("a"), "Rule 7: the created id is stored");
            assertEquals(1, registry.pendingEvictions(), "Rule 7: the eviction the listener failed on is pending");
        }

        /**
         * A put that lands while the creator runs is replaced by the created id and delivered as REPLACED. Look at:
         * computeIfAbsent's final write, which must not discard the id it overwrites.
         */
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

            assertEquals(id("created"), result(7, "the computeIfAbsent whose creator ran", computed),
                    "Rule 7: computeIfAbsent returns the id it created");
            assertEquals(Optional.of(id("created")), registry.peek("a"), "Rule 7: the created id is stored");
            assertEquals(List.of(new Eviction("a", id("put"), 1, REPLACED)), listener.accepted(),
                    "Rule 7: the id put meanwhile must be delivered as REPLACED, not orphaned");
        }

        /**
         * A creator that calls computeIfAbsent for its own key gets an IllegalStateException naming the key. Look at:
         * the single-flight map, which must know the thread running each creator.
         */
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

        /**
         * The creator runs with no registry lock held: it may call the registry from another thread. Look at: the
         * creator called inside a transaction or synchronized block.
         */
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

        /**
         * get counts a hit or a miss, computeIfAbsent a hit or a miss and a put, peek nothing, a creator that threw a
         * miss only. Look at: where each operation counts.
         */
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

        /**
         * A caller that waited for another's creator counts a miss only, whether the creator stored or threw. Look at:
         * the waiter's path in computeIfAbsent.
         */
        @Test
        void stats_aCallerThatWaitedForAnotherCreatorCountsAMissOnly() throws Exception {
            SnapshotRegistry registry = registry(config().maxEntries(5));

            Race stored = race(helpers, registry, "a", key -> id("created"), key -> id("late"));
            result(7, "the creator's caller", stored.creatorsCaller());
            result(7, "the waiting caller", stored.waiter());
            assertEquals(1, registry.stats().putCount(),
                    "Stats: only the creator's caller counts a put, not the caller that waited for it");

            for (int round = 1; round <= 5; round++) {
                RegistryStats before = registry.stats();
                IllegalStateException failure = new IllegalStateException("creation failed");
                IllegalStateException late = new IllegalStateException("the second caller came too late to wait");

                Race failed = race(helpers, registry, "b" + round, key -> {
                    throw failure;
                }, key -> {
                    throw late;
                });

                failureOf(failed.creatorsCaller());
                if (failureOf(failed.waiter()) == failure) {
                    assertEquals(new RegistryStats(before.hitCount(), before.missCount() + 2, before.putCount(), 0, 0),
                            registry.stats(), "Stats: a caller that waited for a creator that threw counts a miss"
                                    + " only, as does the creator's caller");
                    return;
                }
            }
            fail("Stats: in 5 tries no second caller waited for a running creator; each ran its own after it");
        }

        /**
         * evictionCount and evictionWeight count evicted entries, even when their id is still mapped and so not
         * delivered. Look at: statistics counted per delivery instead of per removal.
         */
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

        /**
         * Entries, weights, lastAccess and the recency order survive close and reopen; stats start at zero. Look at:
         * what the adapter writes to storage and reads back on open.
         */
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
            clock.advance(Duration.ofMillis(5));

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

        /**
         * Pending evictions survive close, and open delivers them before it returns. Look at: open's delivery of
         * pending evictions.
         */
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

        /**
         * open succeeds while the listener refuses, leaving the evictions pending for later. Look at: an open that
         * fails on a listener's exception.
         */
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

        /**
         * Reopening with a smaller maxEntries evicts down to it, least recently used first, delivers before open
         * returns, and counts the evictions. Look at: open's bounds check.
         */
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

        /**
         * Reopening with a smaller maxWeight evicts down to it and delivers. Look at: open's bounds check for weight.
         */
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

        /** Two registries on shared storage each see the other's changes. Look at: state cached per instance. */
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

        /**
         * Bounds and one recency order hold across two registries on shared storage. Look at: recency or bounds kept
         * per instance.
         */
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

        /**
         * A pending eviction left by one registry is delivered by the other. Look at: pending evictions kept per
         * instance.
         */
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

        /**
         * An id that the other registry maps is not delivered. Look at: the mapped-elsewhere check reading only this
         * instance's entries.
         */
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

        /** stats count only the calling instance's operations. Look at: statistics kept in shared storage. */
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

        /**
         * Concurrent writers on two registries over shared storage keep the bounds, lose no id and then list the same entries. Look at:
         * transactions that read then write without the storage's write lock.
         */
        @Test
        void rule9_concurrentWritersOnBothKeepTheBoundsAndLoseNoId() throws Exception {
            RegistryConfig config = config().maxEntries(20).maxWeight(30).build();
            SnapshotRegistry first = registry(config);
            SnapshotRegistry second = shared(config);
            listener.refuseOneInTen();

            ConcurrentLoad.Outcome outcome =
                    ConcurrentLoad.run(List.of(first, second), config, 4, 300, new Random().nextLong());

            assertNoLoadFailures(9, outcome);
            assertEverythingAccountedFor(9, List.of(first, second), outcome, config, listener);
            assertEquals(first.entries(), second.entries(),
                    "Rule 9: once the load is over, both registries must list the same entries in the same order");
        }
    }

    // ---------------------------------------------------------------- Rule 10

    /** Rule 10: lifecycle. */
    @Nested
    @DisplayName("Rule 10: lifecycle")
    class Rule10Lifecycle {

        /** close is idempotent: a second close does nothing. Look at: close releasing resources twice. */
        @Test
        void rule10_closeIsIdempotent() {
            SnapshotRegistry registry = registry(config().maxEntries(3));
            registry.put("a", id("s-a"));

            registry.close();

            assertDoesNotThrow(registry::close, "Rule 10: a second close must do nothing");
            assertEquals(clock.instant(), registry.clock().instant(),
                    "Rule 10: clock() works after close, and is the configuration's clock");
        }

        /**
         * checkStorage of a healthy registry finds no problem and changes nothing, not even expired entries. Look at:
         * checkStorage writing, purging or delivering.
         */
        @Test
        void rule10_checkStorageOfAHealthyRegistryFindsNothingAndChangesNothing() {
            SnapshotRegistry registry = registryWithExpiredAndPendingEntries();
            Observation before = observe(registry);

            assertEquals(List.of(), registry.checkStorage(), "Rule 10: checkStorage of a healthy registry finds nothing");
            assertEquals(before, observe(registry), "Rule 10: checkStorage must change nothing and notify nobody");
        }

        /**
         * After close every call but close throws IllegalStateException, before checking its arguments. Look at: the
         * closed check, which must come first in every method.
         */
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

        /**
         * An unmapped stored id at least the grace period old is an orphan, in the store's order. Look at: reconcile's
         * age comparison and the clock it reads ({@code clock()}).
         */
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

        /** A stored id younger than the grace period is never an orphan. Look at: reconcile's age comparison. */
        @Test
        void rule11_anIdYoungerThanTheGracePeriodIsNeverAnOrphan() {
            SnapshotRegistry registry = registry(config().maxEntries(5));

            Reconciliation found = registry.reconcile(Stream.of(stored("a millisecond too young",
                    GRACE.minusMillis(1)), stored("just made", Duration.ZERO),
                    stored("from the future", Duration.ofHours(-1))), GRACE);

            assertEquals(List.of(), found.orphans(),
                    "Rule 11: an id younger than the grace period must never be an orphan: its creator may still run");
        }

        /** An id that a pending eviction names is not an orphan. Look at: reconcile ignoring pending evictions. */
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

        /**
         * An id is not an orphan while any key maps it, and is one once none does and its eviction was delivered. Look
         * at: reconcile's set of mapped ids.
         */
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

        /**
         * Missing are the entries whose id the store lacks, least recently used first. Look at: reconcile's missing
         * list and its order.
         */
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

        /**
         * reconcile changes nothing (entries, recency, stats, pending) and notifies nobody. Look at: an override that
         * reads with get or purges expired entries.
         */
        @Test
        void rule11_reconcileChangesNothingAndNotifiesNobody() {
            SnapshotRegistry registry = registryWithExpiredAndPendingEntries();
            Observation before = observe(registry);

            Reconciliation found = registry.reconcile(Stream.of(stored("s-b", GRACE), stored("orphan", GRACE)), GRACE);

            assertEquals(List.of(id("orphan")), found.orphans(), "Rule 11: the orphan is reported");
            assertEquals(before, observe(registry),
                    "Rule 11: reconcile must change nothing (entries, recency, stats, pending) and notify nobody");
        }

        /**
         * invalidate(key, id) removes the entry only while the key maps that id, and delivers it as EXPLICIT. Look at:
         * the id comparison inside invalidate(key, id)'s transaction.
         */
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

        /**
         * invalidate(key, id) first removes every expired entry, like every write. Look at: invalidate(key, id)
         * skipping the purge.
         */
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

        /**
         * reconcile and invalidate(key, id) reject null, negative or invalid arguments and change nothing. Look at:
         * their argument checks.
         */
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

        /**
         * The adapter's provider is found for its URI scheme and opens a working registry. Look at: the
         * META-INF/services (or module-info provides) registration and the scheme.
         */
        @Test
        void provider_isFoundForItsSchemeAndOpensAWorkingRegistry() throws Exception {
            String uri = uriOfAFoundScheme();

            SnapshotRegistry registry = remember(SnapshotRegistries.open(uri, config().maxEntries(3).build()));
            registry.put("a", id("s-a"));
            assertEquals(Optional.of(id("s-a")), registry.get("a"), "Provider: the registry opened by URI works");
        }

        /**
         * A store opened with SnapshotRegistries.inspect reads what was written (durable adapters), refuses every write
         * with UnsupportedOperationException and changes nothing. Look at: the provider's inspect and the read-only
         * registry it returns.
         */
        @Test
        void provider_inspectOpensTheStoreReadOnly() throws Exception {
            String uri = uriOfAFoundScheme();
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
            if (isDurable()) {
                assertEquals(List.of("a"), keysOf(before), "Provider: inspecting durable storage lists its entries");
                assertEquals(Optional.of(id("s-a")), inspected.peek("a"),
                        "Provider: inspecting durable storage reads its entries (peek)");
            }
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

        /** Whether the adapter's test overrides {@link #reopen}: its storage outlives a registry. */
        private boolean isDurable() {
            for (Class<?> type = SnapshotRegistryContract.this.getClass(); type != SnapshotRegistryContract.class;
                    type = type.getSuperclass()) {
                if (Stream.of(type.getDeclaredMethods()).anyMatch(method -> method.getName().equals("reopen"))) {
                    return true;
                }
            }
            return false;
        }

        /** The adapter's {@link #registryUri()}, whose scheme a provider serves; skips the test without one. */
        private String uriOfAFoundScheme() throws Exception {
            String uri = registryUri();
            Assumptions.assumeTrue(uri != null, "registryUri() is not overridden: no provider to check");
            String scheme = uri.substring(0, Math.max(0, uri.indexOf(':')));
            assertTrue(SnapshotRegistries.schemes().contains(scheme), "Provider: the scheme '" + scheme
                    + "' of " + uri + " must be among SnapshotRegistries.schemes(), were "
                    + SnapshotRegistries.schemes());
            return uri;
        }
    }

    // ---------------------------------------------------------------- the model

    /** Seeded random walks compared step by step with the reference model. */
    @Nested
    @DisplayName("Model")
    class Model {

        /**
         * Seeded random walks of every operation give the reference model's answers, entries, pending evictions and
         * statistics step by step. Look at: the step and seed printed, replayed with -Dsnapshotregistry.tck.seed.
         */
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

    /**
     * A registry with an expired entry that no operation has removed yet, a pending eviction and
     * live entries, whose listener now accepts: what a read-only call must leave exactly as it is.
     */
    private SnapshotRegistry registryWithExpiredAndPendingEntries() {
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
        return registry;
    }

    private SnapshotRegistry reopened(RegistryConfig config) throws Exception {
        opened.forEach(SnapshotRegistry::close);
        try {
            return remember(reopen(config));
        } catch (UnsupportedOperationException notDurable) {
            Assumptions.abort("Rule 8 does not apply: " + notDurable.getMessage());
            throw notDurable;
        } catch (Exception failure) {
            throw new AssertionError("Rule 8: the adapter could not reopen its storage: " + failure, failure);
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

    private Observation observe(SnapshotRegistry registry) {
        return Harness.observe(registry, listener);
    }

    private <T> T onAnotherThread(int rule, String what, Callable<T> call) {
        return result(rule, what + " on another thread", helpers.submit(call));
    }

}
