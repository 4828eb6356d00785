package io.github.snapshotregistry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    @TempDir
    Path dir;

    @Test
    void everyStrictLruHitsLikeTheLinkedHashMapWithEitherListenerAndEachRunIsOneJsonLine() throws IOException {
        Path trace = dir.resolve("trace.txt");
        TraceGenerator.main(new String[] {trace.toString(), "1000", "300", "0.9", "5"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Replay.run(new String[] {
            "--trace", trace.toString(), "--capacities", "50", "--runs", "2", "--warmups", "0",
            "--impls", "memory,linkedhashmap,caffeine,sqlite,jdbc", "--listeners", "counting,noop",
            "--dir", dir.resolve("db").toString()
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(7 * 2 + 7, lines.size(), "two runs and a median per adapter and listener, and per baseline");
        List<Map<?, ?>> medians = lines.stream()
                .<Map<?, ?>>map(line -> (Map<?, ?>) new JsonReader(line).read())
                .filter(json -> "median".equals(json.get("run")))
                .toList();
        Object lruHits = medians.stream().filter(json -> json.get("impl").equals("linkedhashmap"))
                .findFirst().orElseThrow().get("hits");
        assertEquals(List.of("memory/counting", "memory/noop", "linkedhashmap/none", "caffeine/none",
                        "sqlite/counting", "sqlite/noop", "jdbc/none"),
                medians.stream().map(json -> json.get("impl") + "/" + json.get("listener")).toList());
        for (Map<?, ?> median : medians) {
            assertEquals(1000.0, median.get("requests"));
            assertEquals(median.get("requests"), (Double) median.get("hits") + (Double) median.get("misses"));
            assertTrue((Double) median.get("opsPerSec") > 0);
            if (!median.get("impl").equals("caffeine")) {
                assertEquals(lruHits, median.get("hits"), median.get("impl") + " is a strict LRU");
                assertEquals((Double) median.get("misses") - 50, median.get("evictions"), "all but 50 misses evict");
            }
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("hits at capacity 50: exact LRU (linkedhashmap) "
                + ((Double) lruHits).longValue() + ", memory (counting) " + ((Double) lruHits).longValue()
                + ", memory (noop) " + ((Double) lruHits).longValue()));
        try (var left = Files.list(dir.resolve("db"))) {
            assertEquals(0, left.count(), "every database file is deleted after its run");
        }
    }

    @Test
    void anUnknownListenerIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Replay.run(new String[] {"--trace", "t.txt", "--listeners", "logging"}, System.out, System.err));

        assertEquals("unknown listener 'logging', expected one of counting, noop", e.getMessage());
    }

    @Test
    void anUnknownImplementationIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Replay.run(new String[] {"--trace", "t.txt", "--impls", "redis"}, System.out, System.err));

        assertEquals("unknown implementation 'redis', expected one of memory, linkedhashmap, linkedhashmap_stamped, caffeine, sqlite, jdbc,"
                + " jdbc_outbox, jdbc_outbox_batched, postgres, jdbc_postgres,"
                + " jdbc_postgres_outbox", e.getMessage());
    }
}
