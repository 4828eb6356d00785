package io.github.snapshotregistry.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Replays a trace of keys (one per line, as {@link TraceGenerator} writes) through several
 * implementations side by side: {@code get}, and on a miss {@code put("snap-" + key)}. Prints one
 * JSON line per measured run and then one per implementation, capacity and thread count for the
 * run of median speed ({@code "run":"median"}).
 *
 * <p>Before anything is timed the trace is replayed through the exact LRU (a {@code
 * LinkedHashMap} in access order) at each capacity. Every one-thread run of an implementation
 * that promises strict LRU (memory, SQLite, the raw-JDBC baseline) must hit exactly as often; the
 * hit counts are printed side by side on standard error and the replay exits with status 1 if any
 * differs.
 *
 * <p>Options: {@code --trace FILE} (required), {@code --capacities 1000,10000}, {@code --impls
 * memory,linkedhashmap,caffeine,sqlite,jdbc}, {@code --listeners counting} (the adapters' eviction
 * listeners, each a run of its own: {@code counting}, {@code noop} or both; the baselines have
 * none and run once), {@code --threads 1}, {@code --runs 5}, {@code --warmups 1}, {@code --dir
 * DIR} (for database files; default a new temporary directory). Runs are interleaved (every
 * implementation once, then again) so that noise spreads over all.
 */
public final class Replay {

    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");
    /** The one run of a baseline per round, which has no listener. */
    private static final List<BenchListener> NO_LISTENER = Collections.singletonList(null);

    private Replay() {}

    /**
     * Runs the replay described by the arguments and exits with status 1 if an exact-LRU
     * implementation's hits differ from the reference's.
     *
     * @param args the options described above
     * @throws IllegalArgumentException if an option is unknown or malformed
     * @throws UncheckedIOException if the trace cannot be read or the directory not used
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the replay, printing JSON lines to {@code out} and the hit comparison to {@code err}.
     *
     * @return 0, or 1 if an exact-LRU implementation's hits differ from the reference's
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = Options.parse(args);
        FLYWAY_LOG.setLevel(Level.WARNING);
        String[] trace = readTrace(options.trace());
        Map<Integer, Long> referenceHits = new LinkedHashMap<>();
        for (int capacity : options.capacities()) {
            referenceHits.put(capacity, replay(ReplayImpl.LINKEDHASHMAP, null, capacity, 1, trace, options.dir()).hits());
        }
        Map<String, List<ReplayResult>> runs = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (int round = 0; round < options.warmups() + options.runs(); round++) {
            for (int capacity : options.capacities()) {
                for (int threads : options.threads()) {
                    for (ReplayImpl impl : options.impls()) {
                        for (BenchListener listener : impl.listens() ? options.listeners() : NO_LISTENER) {
                            ReplayResult result = replay(impl, listener, capacity, threads, trace, options.dir());
                            if (impl.exactLru() && threads == 1 && result.hits() != referenceHits.get(capacity)) {
                                mismatches.add(impl.label() + " at capacity " + capacity + ": " + result.hits()
                                        + " hits, exact LRU " + referenceHits.get(capacity));
                            }
                            if (round >= options.warmups()) {
                                ReplayResult measured = result.asRun(Integer.toString(round - options.warmups() + 1));
                                out.println(measured.toJson());
                                runs.computeIfAbsent(impl.label() + "/" + result.listener() + "/" + capacity + "/" + threads,
                                        k -> new ArrayList<>()).add(measured);
                            }
                        }
                    }
                }
            }
        }
        runs.values().forEach(list -> out.println(median(list).toJson()));
        printHits(referenceHits, runs, err);
        mismatches.forEach(line -> err.println("FAIL: hits differ from exact LRU: " + line));
        return mismatches.isEmpty() ? 0 : 1;
    }

    /** Replays the trace once; {@code listener} is null for a baseline, which has none. */
    private static ReplayResult replay(
            ReplayImpl impl, BenchListener listener, int capacity, int threads, String[] trace, Path root) {
        try (ScratchDirectory directory = ScratchDirectory.create(root, impl.label() + "-" + capacity + "-");
                ReplayTarget target = impl.open(capacity, directory.path(), listener)) {
            AtomicLong hits = new AtomicLong();
            long start = System.nanoTime();
            if (threads == 1) {
                hits.set(drive(target, trace, 0, 1));
            } else {
                runThreads(threads, index -> hits.addAndGet(drive(target, trace, index, threads)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new ReplayResult(impl.label(), listener == null ? "none" : listener.label(),
                    capacity, threads, "0", trace.length, hits.get(),
                    target.evictions(), seconds);
        }
    }

    private static long drive(ReplayTarget target, String[] trace, int first, int step) {
        long hits = 0;
        for (int i = first; i < trace.length; i += step) {
            if (target.request(trace[i])) {
                hits++;
            }
        }
        return hits;
    }

    private static void runThreads(int count, IntConsumer work) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[count];
        for (int i = 0; i < count; i++) {
            int index = i;
            workers[i] = new Thread(() -> {
                try {
                    work.accept(index);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, "replay-" + i);
            workers[i].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + worker.getName(), e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a replay thread failed", failure.get());
        }
    }

    private static ReplayResult median(List<ReplayResult> results) {
        List<ReplayResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(ReplayResult::opsPerSec));
        return sorted.get((sorted.size() - 1) / 2).asRun("median");
    }

    private static void printHits(
            Map<Integer, Long> referenceHits, Map<String, List<ReplayResult>> runs, PrintStream err) {
        for (Map.Entry<Integer, Long> reference : referenceHits.entrySet()) {
            StringBuilder line = new StringBuilder("hits at capacity " + reference.getKey()
                    + ": exact LRU (linkedhashmap) " + reference.getValue());
            for (List<ReplayResult> list : runs.values()) {
                ReplayResult first = list.get(0);
                if (first.capacity() == reference.getKey() && first.threads() == 1) {
                    line.append(", ").append(first.impl());
                    if (!first.listener().equals("none")) {
                        line.append(" (").append(first.listener()).append(')');
                    }
                    line.append(' ').append(first.hits());
                }
            }
            err.println(line);
        }
    }

    private static String[] readTrace(Path file) {
        Map<String, String> canonical = new HashMap<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.map(key -> canonical.computeIfAbsent(key, k -> k)).toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }

    private record Options(
            Path trace,
            int[] capacities,
            List<ReplayImpl> impls,
            List<BenchListener> listeners,
            int[] threads,
            int runs,
            int warmups,
            Path dir) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>(Map.of(
                    "--capacities", "1000,10000",
                    "--impls", "memory,linkedhashmap,caffeine,sqlite,jdbc",
                    "--listeners", "counting",
                    "--threads", "1",
                    "--runs", "5",
                    "--warmups", "1",
                    "--dir", System.getProperty("java.io.tmpdir") + "/snapshot-registry-replay"));
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].equals("--trace") && !values.containsKey(args[i])) {
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                values.put(args[i], args[i + 1]);
            }
            if (!values.containsKey("--trace")) {
                throw new IllegalArgumentException("--trace FILE is required");
            }
            return new Options(
                    Path.of(values.get("--trace")),
                    positiveInts("--capacities", values.get("--capacities")),
                    Arrays.stream(values.get("--impls").split(",")).map(ReplayImpl::byLabel).toList(),
                    Arrays.stream(values.get("--listeners").split(",")).map(BenchListener::byLabel).toList(),
                    positiveInts("--threads", values.get("--threads")),
                    positiveInts("--runs", values.get("--runs"))[0],
                    nonNegative("--warmups", values.get("--warmups")),
                    Path.of(values.get("--dir")));
        }

        private static int nonNegative(String option, String value) {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new IllegalArgumentException(option + " must not be negative, was " + value);
            }
            return number;
        }

        private static int[] positiveInts(String option, String value) {
            int[] numbers = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
            if (Arrays.stream(numbers).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException(option + " must be positive numbers, was " + value);
            }
            return numbers;
        }
    }
}
