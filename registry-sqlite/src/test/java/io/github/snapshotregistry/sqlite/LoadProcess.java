package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process of the crash and multi-process tests, run in its own JVM: opens the registry file and
 * runs a load of puts (each of a new id, some shared by two keys), {@code computeIfAbsent}, gets
 * and invalidations on a few threads. It records durably (appended and fsynced, one line each)
 * every id whose put returned ({@code puts-<name>.txt}) and every id its listener accepted ({@code
 * deliveries-<name>.txt}), and prints {@code progress <n>} after each operation. An id it puts
 * under two keys, one put after the other, is also recorded in {@code shared-<name>.txt}: another
 * thread or process may evict the first key in between, and the second put then maps an id whose
 * removal is being delivered, a race of the caller's that no registry can undo.
 *
 * <p>Arguments: file name operations(-1: until killed) maxEntries recordsFolder threads. It prints
 * {@code opening} before it opens the file and {@code ready} once open, and starts on a line from stdin; at the end it delivers what is pending
 * and prints {@code done}. Any exception ends it with a stack trace and a non-zero exit.
 */
public final class LoadProcess {

    private final FileChannel puts;
    private final FileChannel deliveries;
    private final FileChannel shared;
    private final AtomicLong progress = new AtomicLong();

    private LoadProcess(Path records, String name) throws IOException {
        this.puts = append(records.resolve("puts-" + name + ".txt"));
        this.deliveries = append(records.resolve("deliveries-" + name + ".txt"));
        this.shared = append(records.resolve("shared-" + name + ".txt"));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String name = args[1];
        long operations = Long.parseLong(args[2]);
        long maxEntries = Long.parseLong(args[3]);
        LoadProcess load = new LoadProcess(Path.of(args[4]), name);
        int threads = Integer.parseInt(args[5]);
        RegistryConfig config = RegistryConfig.builder()
                .maxEntries(maxEntries)
                .evictionListener(eviction -> load.record(load.deliveries, eviction.snapshotId().value()))
                .build();
        System.out.println("opening");
        System.out.flush();
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, config)) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String worker = name + "-t" + t;
                Thread thread = new Thread(() -> load.run(registry, worker, operations, maxEntries));
                thread.setUncaughtExceptionHandler((failed, e) -> {
                    synchronized (failures) {
                        failures.add(e);
                    }
                });
                workers.add(thread);
                thread.start();
            }
            for (Thread thread : workers) {
                thread.join();
            }
            if (!failures.isEmpty()) {
                failures.forEach(Throwable::printStackTrace);
                System.exit(2);
            }
            registry.deliverPendingEvictions();
        }
        System.out.println("done");
        System.out.flush();
    }

    private void run(SqliteSnapshotRegistry registry, String worker, long operations, long maxEntries) {
        Random random = new Random(worker.hashCode() ^ System.nanoTime());
        int keys = (int) maxEntries * 2;
        for (long i = 1; operations < 0 || i <= operations; i++) {
            String key = "key-" + random.nextInt(keys);
            String id = worker + "-" + i;
            int kind = random.nextInt(10);
            if (kind < 4) {
                registry.put(key, SnapshotId.of(id));
                record(puts, id);
            } else if (kind == 4) {
                record(shared, id);
                registry.put(key, SnapshotId.of(id));
                record(puts, id);
                registry.put("key-" + random.nextInt(keys), SnapshotId.of(id));
            } else if (kind == 5) {
                SnapshotId created = SnapshotId.of(id);
                if (registry.computeIfAbsent(key, k -> created).equals(created)) {
                    record(puts, id);
                }
            } else if (kind < 9) {
                registry.get(key);
            } else {
                registry.invalidate(key);
            }
            if (registry.size() > maxEntries) {
                throw new IllegalStateException("bound broken: size " + registry.size() + " > " + maxEntries);
            }
            synchronized (System.out) {
                System.out.println("progress " + progress.incrementAndGet());
                System.out.flush();
            }
        }
    }

    private void record(FileChannel file, String id) {
        try {
            synchronized (file) {
                file.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
                file.force(false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot record " + id, e);
        }
    }

    private static FileChannel append(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}
