package io.github.snapshotregistry.tck;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.SnapshotRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many threads doing every operation at once on one or more registries over the same storage,
 * each id put being new, so that afterwards every id can be accounted for: still mapped, or
 * delivered, or pending. Bounds are checked after every write, by the thread that wrote.
 */
final class ConcurrentLoad {

    /** What the threads did and saw, and the seed that chose their operations. */
    record Outcome(long seed, Set<SnapshotId> stored, List<String> boundViolations, List<Throwable> failures) {}

    private static final int KEYS = 40;

    private final List<SnapshotRegistry> registries;
    private final RegistryConfig config;
    private final Set<SnapshotId> stored = ConcurrentHashMap.newKeySet();
    private final List<String> boundViolations = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    private ConcurrentLoad(List<SnapshotRegistry> registries, RegistryConfig config) {
        this.registries = registries;
        this.config = config;
    }

    /**
     * Runs {@code threads} threads of {@code operations} random operations each; thread {@code t}
     * uses {@code registries.get(t % registries.size())}.
     */
    static Outcome run(
            List<SnapshotRegistry> registries,
            RegistryConfig config,
            int threads,
            int operations,
            long seed)
            throws InterruptedException {
        ConcurrentLoad load = new ConcurrentLoad(registries, config);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Random random = new Random(seed + t);
            Thread worker = new Thread(() -> load.work(thread, random, operations, start));
            worker.setName("tck-load-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (worker.isAlive()) {
                load.failed(new AssertionError(worker.getName() + " did not finish within 5 minutes: a deadlock?"));
                worker.interrupt();
            }
        }
        synchronized (load) {
            return new Outcome(seed, Set.copyOf(load.stored), List.copyOf(load.boundViolations),
                    List.copyOf(load.failures));
        }
    }

    private void work(int thread, Random random, int operations, CountDownLatch start) {
        SnapshotRegistry registry = registries.get(thread % registries.size());
        try {
            start.await();
            for (int n = 0; n < operations; n++) {
                String key = "key-" + random.nextInt(KEYS);
                SnapshotId fresh = SnapshotId.of("t" + thread + "-" + n);
                int choice = random.nextInt(100);
                if (choice < 25) {
                    registry.get(key);
                } else if (choice < 32) {
                    registry.peek(key);
                } else if (choice < 52) {
                    registry.put(key, fresh, random.nextInt(4));
                    stored.add(fresh);
                    checkBounds(registry, "put");
                } else if (choice < 72) {
                    stored.add(registry.computeIfAbsent(key, k -> fresh));
                    checkBounds(registry, "computeIfAbsent");
                } else if (choice < 87) {
                    registry.invalidate(key);
                } else if (choice < 92) {
                    registry.deliverPendingEvictions();
                } else if (choice < 93) {
                    registry.invalidateAll();
                } else {
                    registry.entries();
                    registry.stats();
                    registry.pendingEvictions();
                }
            }
        } catch (Throwable failure) {
            failed(failure);
        }
    }

    private void checkBounds(SnapshotRegistry registry, String operation) {
        long size = registry.size();
        long weight = registry.totalWeight();
        if (size > config.maxEntries().orElse(Long.MAX_VALUE)
                || weight > config.maxWeight().orElse(Long.MAX_VALUE)) {
            synchronized (this) {
                boundViolations.add("after " + operation + ": size " + size + ", totalWeight " + weight);
            }
        }
    }

    private synchronized void failed(Throwable failure) {
        failures.add(failure);
    }
}
