package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamEntries} on SQLite reads the recency index page by page. CI streams a few pages;
 * {@code -Dsnapshotregistry.million=true} streams 1 000 000 entries (run it with {@code -Xmx256m}
 * to see that memory does not grow with the registry).
 */
class StreamEntriesTest {

    private static final int ENTRIES = FilledFile.MILLION ? 1_000_000 : 2_500;

    @TempDir
    Path folder;

    @Test
    void bothOrdersStreamEveryEntryOnceInStrictRecencyOrder() throws SQLException {
        Path file = FilledFile.create(folder.resolve("registry.db"), ENTRIES);
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.inspect(file)) {
            for (RecencyOrder order : RecencyOrder.values()) {
                long[] seen = {0, order == RecencyOrder.LEAST_RECENT_FIRST ? -1 : ENTRIES};
                try (Stream<RegistryEntry> entries = registry.streamEntries(order)) {
                    entries.forEachOrdered(entry -> {
                        long number = Long.parseLong(entry.key().substring("key ".length()));
                        long step = order == RecencyOrder.LEAST_RECENT_FIRST ? 1 : -1;
                        assertEquals(seen[1] + step, number, order + ": the next entry in recency order");
                        seen[1] = number;
                        seen[0]++;
                    });
                }
                assertEquals(ENTRIES, seen[0], order + ": every entry");
            }
        }
    }

    @Test
    void anEntryAccessedWhileTheStreamWalksDownIsStillSeen() throws SQLException {
        List<String> keys = streamAccessingAfterTheFirst(RecencyOrder.MOST_RECENT_FIRST, registry -> {
            registry.get("key 0");
            registry.put("key 1", SnapshotId.of("id 1"));
        });

        assertEquals(2_500, keys.size(), "each entry once: the two accessed ones at the end");
        assertEquals(List.of("key 2499", "key 2498"), keys.subList(0, 2));
        assertEquals(List.of("key 2", "key 1", "key 0"), keys.subList(2_497, 2_500),
                "the accessed entries come last, most recent first");
    }

    @Test
    void anEntryAccessedWhileTheStreamWalksUpIsSeenAgainAtItsNewPlace() throws SQLException {
        List<String> keys = streamAccessingAfterTheFirst(RecencyOrder.LEAST_RECENT_FIRST, registry -> {
            registry.get("key 0");
            registry.get("key 1500");
        });

        assertEquals(List.of("key 0", "key 1"), keys.subList(0, 2));
        assertEquals(List.of("key 2499", "key 0", "key 1500"), keys.subList(keys.size() - 3, keys.size()));
        assertEquals(2_501, keys.size(), "key 0 twice (read before its access), key 1500 once, at its new place");
    }

    /** Streams 2 500 entries, making {@code accesses} after reading the first one; answers the keys read. */
    private List<String> streamAccessingAfterTheFirst(RecencyOrder order, Consumer<SqliteSnapshotRegistry> accesses)
            throws SQLException {
        Path file = FilledFile.create(folder.resolve("registry.db"), 2_500);
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file,
                RegistryConfig.builder().maxEntries(10_000).build());
                Stream<RegistryEntry> entries = registry.streamEntries(order)) {
            Iterator<RegistryEntry> walk = entries.iterator();
            List<String> keys = new ArrayList<>(List.of(walk.next().key()));
            accesses.accept(registry);
            walk.forEachRemaining(entry -> keys.add(entry.key()));
            return keys;
        }
    }
}
