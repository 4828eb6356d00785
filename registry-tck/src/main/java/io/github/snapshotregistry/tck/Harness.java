package io.github.snapshotregistry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.RegistryStats;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;

/**
 * The kit's machinery, so that {@link SnapshotRegistryContract} reads as the rules: observations of
 * a registry, waiting for other threads without sleeping, capturing their failures, and the checks
 * made after a concurrent load. Every wait is bounded by {@link #PATIENCE}; running out of it fails
 * the test in the name of the rule under test.
 */
final class Harness {

    /**
     * How long the kit waits for another thread before it calls the registry stuck: the system
     * property {@value SnapshotRegistryContract#PATIENCE_PROPERTY}, in seconds, or 10.
     */
    static final Duration PATIENCE = Duration.ofSeconds(Long.getLong(SnapshotRegistryContract.PATIENCE_PROPERTY, 10));

    private Harness() {}

    static SnapshotId id(String value) {
        return SnapshotId.of(value);
    }

    /** An entry of weight 1 last accessed at {@code when}, in milliseconds. */
    static RegistryEntry lastAccessed(String key, String id, Instant when) {
        return new RegistryEntry(key, id(id), 1, when.truncatedTo(ChronoUnit.MILLIS));
    }

    /** The entries with {@code lastAccess} at millisecond precision, the precision the contract compares. */
    static List<RegistryEntry> inMilliseconds(List<RegistryEntry> entries) {
        return entries.stream()
                .map(entry -> new RegistryEntry(entry.key(), entry.snapshotId(), entry.weight(),
                        entry.lastAccess().truncatedTo(ChronoUnit.MILLIS)))
                .toList();
    }

    static List<RegistryEntry> streamed(SnapshotRegistry registry, RecencyOrder order) {
        try (Stream<RegistryEntry> entries = registry.streamEntries(order)) {
            return entries.toList();
        }
    }

    /** Starts a daemon thread, which a registry that hangs cannot keep from ending the test run. */
    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Polls a thread's state, without sleeping, until it waits, blocks or has ended, or {@code bound}
     * has passed; returns the state it saw last ({@code RUNNABLE} only when the bound passed).
     */
    static Thread.State waitingOrTerminated(Thread thread, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED || state == Thread.State.TERMINATED
                    || System.nanoTime() > deadline) {
                return state;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * A clock that stops one chosen call at its first reading until the test releases it: a way
     * to let another thread's call land in the middle of an operation, where an adapter reads the
     * time it stores as {@code lastAccess}.
     */
    static final class PausingClock implements InstantSource {
        private final InstantSource clock;
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Thread pausing;

        PausingClock(InstantSource clock) {
            this.clock = clock;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread() == pausing) {
                pausing = null;
                paused.countDown();
                await(7, released);
            }
            return clock.instant();
        }

        /** Runs {@code call} on this thread, stopping it at its first reading of this clock. */
        void pauseIn(Runnable call) {
            pausing = Thread.currentThread();
            call.run();
        }

        void awaitPaused() {
            await(7, paused);
        }

        void release() {
            released.countDown();
        }
    }

    static List<String> keysOf(List<RegistryEntry> entries) {
        return entries.stream().map(RegistryEntry::key).toList();
    }

    static String describeKey(String key) {
        return key.length() > 20 ? "of " + key.length() + " chars" : ModelWalk.show(key);
    }

    static Map<String, Executable> keyCalls(SnapshotRegistry registry, String key) {
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("get", () -> registry.get(key));
        calls.put("peek", () -> registry.peek(key));
        calls.put("put(key, id)", () -> registry.put(key, id("s-new")));
        calls.put("put(key, id, 1)", () -> registry.put(key, id("s-new"), 1));
        calls.put("computeIfAbsent", () -> registry.computeIfAbsent(key, k -> id("s-new")));
        calls.put("invalidate", () -> registry.invalidate(key));
        return calls;
    }

    static void assertMentions(Throwable thrown, String argument, String call) {
        String message = String.valueOf(thrown.getMessage());
        assertTrue(message.contains(argument),
                call + ": the message must name the argument '" + argument + "', was: " + message);
    }

    /** What a rejected call must leave as it was. */
    record Observation(
            List<RegistryEntry> entries, long size, long totalWeight, long pending, RegistryStats stats,
            List<Eviction> accepted) {}

    static Observation observe(SnapshotRegistry registry, RecordingListener listener) {
        return new Observation(registry.entries(), registry.size(), registry.totalWeight(),
                registry.pendingEvictions(), registry.stats(), listener.accepted());
    }

    /** The result of a call running on another thread, which must finish within the patience. */
    static <T> T result(int rule, String what, Future<T> result) {
        try {
            return result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException blocked) {
            throw new AssertionError("Rule " + rule + ": " + what + " did not finish within "
                    + PATIENCE.toSeconds() + " s: the registry is still locked", blocked);
        } catch (InterruptedException | ExecutionException failure) {
            throw new AssertionError("Rule " + rule + ": " + what + " failed: " + failure, failure);
        }
    }

    static void await(CountDownLatch latch) {
        await(7, latch);
    }

    static void await(int rule, CountDownLatch latch) {
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
     * Waits, until {@code deadline} (a {@link System#nanoTime()}) at the latest, until {@code expected}
     * callers have announced that they ask for a key: a creator that waits for them lets every caller
     * reach {@code computeIfAbsent} while it runs. One deadline for every key bounds the whole test
     * by one patience, even when the adapter makes the callers wait for each other.
     */
    static void awaitArrivals(Map<String, AtomicInteger> arrivals, String key, int expected, long deadline) {
        while (arrivals.get(key).get() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until the thread in {@code holder} parks or blocks, which a caller waiting for a running
     * creator does, or the patience ends. Tests that use it stay correct if the thread was not yet
     * waiting: they then see it come late.
     */
    static void awaitBlocked(AtomicReference<Thread> holder) {
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

    /** Two callers of {@code computeIfAbsent} for one key: futures of what each call returns. */
    record Race(Future<SnapshotId> creatorsCaller, Future<SnapshotId> waiter) {}

    /**
     * Races two callers of {@code computeIfAbsent} for {@code key}: the first one's creator starts,
     * waits until the second caller blocks (waiting for that creator) or the patience ends, then
     * does what {@code creator} does. The second caller's {@code latecomersCreator} runs only if
     * that caller came too late to wait.
     */
    static Race race(ExecutorService threads, SnapshotRegistry registry, String key,
            Function<String, SnapshotId> creator, Function<String, SnapshotId> latecomersCreator) {
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<SnapshotId> first = threads.submit(() -> registry.computeIfAbsent(key, k -> {
            creating.countDown();
            await(7, release);
            return creator.apply(k);
        }));
        await(7, creating);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        Future<SnapshotId> second = threads.submit(() -> {
            waiter.set(Thread.currentThread());
            return registry.computeIfAbsent(key, latecomersCreator);
        });
        awaitBlocked(waiter);
        release.countDown();
        return new Race(first, second);
    }

    static Throwable failureOf(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("Rule 7: computeIfAbsent must throw the creator's exception");
        } catch (ExecutionException thrown) {
            return thrown.getCause();
        }
    }

    static void assertNoLoadFailures(int rule, ConcurrentLoad.Outcome outcome) {
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
    static void assertEverythingAccountedFor(int rule, List<SnapshotRegistry> registries,
            ConcurrentLoad.Outcome outcome, RegistryConfig config, RecordingListener listener) {
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
    }}
