package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.Reconciliation;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.StoredSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AssertionFailureBuilder;
import org.opentest4j.AssertionFailedError;

/**
 * One seeded random walk: a registry and the {@link ReferenceModel} get the same operations, with a
 * moving clock and a listener that sometimes refuses, and are compared after every step: each
 * answer or exception, the entries in recency order, size, total weight, the evictions delivered
 * with their causes, the pending count and the statistics.
 */
final class ModelWalk {

    /** Opens a new registry over fresh storage. */
    @FunctionalInterface
    interface Opener {
        SnapshotRegistry open(RegistryConfig config) throws Exception;
    }

    private static final List<String> KEYS = List.of(
            "a", "b", "c", "d", "e", "f", "g", "h", "key with spaces", "it's \"quoted\"", "100%",
            "a_c", "abc", "nul\u0000inside", "\uD83D\uDE00", "'; DROP TABLE entries; --");
    private static final int IDS = 10;
    private static final int HISTORY = 20;

    private final long seed;
    private final int steps;
    private final Random random;
    private final ManualClock clock = ManualClock.startingAt(Instant.parse("2030-01-01T00:00:00.000123Z"));
    private final RecordingListener listener = new RecordingListener();
    private final List<Eviction> expectedAccepted = new ArrayList<>();
    private final Deque<String> history = new ArrayDeque<>();
    private Predicate<Eviction> refused = eviction -> false;
    private int step;

    ModelWalk(long seed, int steps) {
        this.seed = seed;
        this.steps = steps;
        this.random = new Random(seed);
    }

    void run(Opener opener) throws Exception {
        RegistryConfig config = randomConfig();
        ReferenceModel model = new ReferenceModel(config);
        remember("open " + config);
        try (SnapshotRegistry registry = opener.open(config)) {
            for (step = 1; step <= steps; step++) {
                long longestStep = config.expireAfterAccess().map(d -> d.toMillis() / 3).orElse(1L);
                clock.advance(Duration.ofMillis(random.nextLong(longestStep + 1)));
                chooseListenerMood();
                takeStep(registry, model);
                compareState(registry, model);
            }
        } catch (AssertionFailedError mismatch) {
            throw mismatch;
        } catch (Throwable unexpected) {
            throw new AssertionError(context() + ": the registry threw " + unexpected, unexpected);
        }
    }

    private RegistryConfig randomConfig() {
        RegistryConfig.Builder builder = RegistryConfig.builder().clock(clock).evictionListener(listener);
        boolean byCount = random.nextBoolean();
        if (byCount) {
            builder.maxEntries(1 + random.nextInt(6));
        }
        if (!byCount || random.nextBoolean()) {
            builder.maxWeight(1 + random.nextInt(12));
        }
        if (random.nextBoolean()) {
            builder.weigher((key, id) -> idNumber(id) % 4);
        }
        if (random.nextInt(5) < 2) {
            builder.expireAfterAccess(Duration.ofMillis(5 + random.nextInt(45)));
        }
        return builder.build();
    }

    private void chooseListenerMood() {
        int mood = random.nextInt(100);
        if (mood < 75) {
            refused = eviction -> false;
            listener.acceptAll();
        } else if (mood < 88) {
            refused = eviction -> true;
            listener.refuseAll();
        } else {
            refused = eviction -> idNumber(eviction.snapshotId()) % 2 == 0;
            Predicate<Eviction> refuses = refused;
            listener.reactWith(eviction -> {
                if (refuses.test(eviction)) {
                    throw new Exception("the listener refuses " + eviction.snapshotId().value());
                }
            });
        }
    }

    private void takeStep(SnapshotRegistry registry, ReferenceModel model) {
        String key = randomKey();
        SnapshotId id = SnapshotId.of("id-" + random.nextInt(IDS));
        int choice = random.nextInt(100);
        if (choice < 17) {
            same("get(" + show(key) + ")", () -> registry.get(key), () -> model.get(key));
        } else if (choice < 18) {
            streamEntries(registry, model);
            return;
        } else if (choice < 20) {
            reconcile(registry, model);
            return;
        } else if (choice < 28) {
            same("peek(" + show(key) + ")", () -> registry.peek(key), () -> model.peek(key));
        } else if (choice < 43) {
            same("put(" + show(key) + ", " + id.value() + ")",
                    () -> { registry.put(key, id); return null; },
                    () -> { model.put(key, id); return null; });
        } else if (choice < 58) {
            long weight = random.nextInt(15) - 1;
            same("put(" + show(key) + ", " + id.value() + ", " + weight + ")",
                    () -> { registry.put(key, id, weight); return null; },
                    () -> { model.put(key, id, weight); return null; });
        } else if (choice < 73) {
            computeIfAbsent(registry, model, key, id);
        } else if (choice < 79) {
            same("invalidate(" + show(key) + ")", () -> registry.invalidate(key), () -> model.invalidate(key));
        } else if (choice < 83) {
            same("invalidate(" + show(key) + ", " + id.value() + ")",
                    () -> registry.invalidate(key, id), () -> model.invalidate(key, id));
        } else if (choice < 85) {
            same("invalidateAll()",
                    () -> { registry.invalidateAll(); return null; },
                    () -> { model.invalidateAll(); return null; });
        } else if (choice < 90) {
            same("cleanUp()",
                    () -> { registry.cleanUp(); return null; },
                    () -> { model.cleanUp(); return null; });
        } else {
            remember("deliverPendingEvictions()");
            int delivered = registry.deliverPendingEvictions();
            int expected = 0;
            for (Eviction eviction : model.pending()) {
                if (!refused.test(eviction)) {
                    model.accept(eviction);
                    expectedAccepted.add(eviction);
                    expected++;
                }
            }
            check("deliverPendingEvictions(), how many the listener accepted (rule 6)", expected, delivered);
            return;
        }
        deliverExpected(model);
    }

    private void computeIfAbsent(SnapshotRegistry registry, ReferenceModel model, String key, SnapshotId id) {
        int outcome = random.nextInt(10);
        RuntimeException failure = new IllegalStateException("the creator failed on purpose");
        SnapshotId made = outcome == 0 ? null : id;
        boolean[] ran = {false};
        boolean[] shouldRun = {false};
        same("computeIfAbsent(" + show(key) + ", " + (outcome == 1 ? "throws" : String.valueOf(made)) + ")",
                () -> registry.computeIfAbsent(key, k -> {
                    ran[0] = true;
                    if (outcome == 1) {
                        throw failure;
                    }
                    return made;
                }),
                () -> {
                    Optional<SnapshotId> present = model.computePresent(key);
                    if (present.isPresent()) {
                        return present.get();
                    }
                    deliverExpected(model);
                    shouldRun[0] = true;
                    model.countMiss();
                    if (outcome == 1) {
                        throw failure;
                    }
                    model.put(key, Objects.requireNonNull(made, "creator returned null"));
                    return made;
                });
        check("whether computeIfAbsent called the creator (rule 7)", shouldRun[0], ran[0]);
        deliverExpected(model);
    }

    private void streamEntries(SnapshotRegistry registry, ReferenceModel model) {
        RecencyOrder order = random.nextBoolean() ? RecencyOrder.LEAST_RECENT_FIRST : RecencyOrder.MOST_RECENT_FIRST;
        remember("streamEntries(" + order + ")");
        List<RegistryEntry> expected = new ArrayList<>(model.entries());
        if (order == RecencyOrder.MOST_RECENT_FIRST) {
            Collections.reverse(expected);
        }
        List<RegistryEntry> streamed;
        try (Stream<RegistryEntry> entries = registry.streamEntries(order)) {
            streamed = entries.toList();
        }
        check("streamEntries(" + order + ") (rule 3)", expected, Harness.inMilliseconds(streamed));
    }

    /**
     * Reconciles with a store of some of the walk's ids and one no key ever maps, of ages around a
     * random grace period. An adapter that cannot list its pending evictions may refuse while any are
     * pending.
     */
    private void reconcile(SnapshotRegistry registry, ReferenceModel model) {
        Duration grace = Duration.ofMillis(random.nextInt(30));
        List<StoredSnapshot> store = new ArrayList<>();
        for (int number = 0; number <= IDS; number++) {
            if (random.nextBoolean()) {
                Duration age = Duration.ofMillis(random.nextInt(45) - 5);
                store.add(new StoredSnapshot(SnapshotId.of("id-" + number), clock.instant().minus(age)));
            }
        }
        String operation = "reconcile(" + store + ", " + grace + ")";
        remember(operation);
        Reconciliation expected = model.reconcile(store, grace);
        remember("  the reference model answers " + expected);
        Reconciliation actual;
        try {
            actual = registry.reconcile(store.stream(), grace);
        } catch (UnsupportedOperationException cannotList) {
            if (model.pending().isEmpty()) {
                throw cannotList;
            }
            return;
        }
        check(operation + " (rule 11)", expected,
                new Reconciliation(actual.orphans(), Harness.inMilliseconds(actual.missing())));
    }

    private void deliverExpected(ReferenceModel model) {
        for (Eviction eviction : model.takeRemovals()) {
            if (!refused.test(eviction)) {
                model.accept(eviction);
                expectedAccepted.add(eviction);
            }
        }
    }

    /** Runs an operation on both and checks they answered alike: the same value, or the same kind of exception. */
    private void same(String operation, Action<?> actual, Action<?> expected) {
        remember(operation);
        Object expectedValue;
        Throwable expectedFailure = null;
        try {
            expectedValue = expected.run();
        } catch (RuntimeException failure) {
            expectedValue = null;
            expectedFailure = failure;
        }
        remember("  the reference model answers " + (expectedFailure == null ? expectedValue : describe(expectedFailure)));
        Object actualValue;
        Throwable actualFailure = null;
        try {
            actualValue = actual.run();
        } catch (RuntimeException failure) {
            actualValue = null;
            actualFailure = failure;
        }
        if (expectedFailure == null || actualFailure == null) {
            check(operation + " must answer like the reference model",
                    expectedFailure == null ? expectedValue : describe(expectedFailure),
                    actualFailure == null ? actualValue : describe(actualFailure));
        } else if (!expectedFailure.getClass().isInstance(actualFailure)) {
            check(operation + " must throw like the reference model", describe(expectedFailure), describe(actualFailure));
        }
    }

    private static String describe(Throwable failure) {
        return failure == null ? "no exception" : failure.getClass().getName();
    }

    private void compareState(SnapshotRegistry registry, ReferenceModel model) {
        check("the evictions the listener accepted, in order (rule 6)", expectedAccepted, listener.accepted());
        check("entries() in recency order, least recently used first (rules 3 and 4)", model.entries(),
                Harness.inMilliseconds(registry.entries()));
        check("size() (rule 4)", model.size(), registry.size());
        check("totalWeight() (rule 4)", model.totalWeight(), registry.totalWeight());
        check("pendingEvictions() (rule 6)", (long) model.pending().size(), registry.pendingEvictions());
        check("stats()", model.stats(), registry.stats());
    }

    private void check(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            AssertionFailureBuilder.assertionFailure()
                    .message(context() + ": " + what + " differs from the reference model")
                    .expected(expected)
                    .actual(actual)
                    .buildAndThrow();
        }
    }

    /** Where the walk is, how to replay it, and its last steps. */
    private String context() {
        return "Model: walk with seed " + seed + " (rerun with -D" + SnapshotRegistryContract.SEED_PROPERTY + "="
                + seed + "), step " + step + "; last steps:\n  " + String.join("\n  ", history) + "\n";
    }

    private void remember(String operation) {
        history.addLast("step " + step + ": " + operation);
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private String randomKey() {
        int choice = random.nextInt(100);
        if (choice < 3) {
            return "";
        }
        if (choice < 5) {
            return "broken\uD800";
        }
        return KEYS.get(random.nextInt(KEYS.size()));
    }

    /** The key in quotes, with control characters and surrogates escaped so that reports keep them. */
    static String show(String key) {
        StringBuilder shown = new StringBuilder("\"");
        key.chars().forEach(c -> {
            if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.append('"').toString();
    }

    private static int idNumber(SnapshotId id) {
        return Integer.parseInt(id.value().substring("id-".length()));
    }

    /** An operation whose answer is compared. */
    @FunctionalInterface
    private interface Action<T> {
        T run();
    }
}
