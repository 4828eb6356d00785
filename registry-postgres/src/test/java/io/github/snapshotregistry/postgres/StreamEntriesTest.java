package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.github.snapshotregistry.RecencyOrder;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code streamEntries} pages through one snapshot and gives its connection back. */
class StreamEntriesTest {

    private static final int ENTRIES = 2_500;

    private HikariDataSource pool;
    private PostgresSnapshotRegistry registry;

    @BeforeEach
    void registry() {
        pool = EmbeddedDatabase.create().pool(2);
        registry = PostgresSnapshotRegistry.open(pool, RegistryConfig.builder().maxEntries(10 * ENTRIES).build());
        EmbeddedDatabase.fill(pool, ENTRIES);
    }

    @AfterEach
    void close() {
        registry.close();
        pool.close();
    }

    @Test
    void bothOrdersCrossPageBoundariesAndReturnTheirConnectionWhenReadToTheEnd() {
        List<String> leastRecentFirst = IntStream.range(0, ENTRIES).mapToObj(i -> "key " + i).toList();
        List<String> mostRecentFirst = new ArrayList<>(leastRecentFirst);
        java.util.Collections.reverse(mostRecentFirst);

        for (int round = 0; round < 3; round++) {
            assertEquals(leastRecentFirst, registry.streamEntries(RecencyOrder.LEAST_RECENT_FIRST).map(RegistryEntry::key).toList());
            assertEquals(mostRecentFirst, registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST).map(RegistryEntry::key).toList());
        }
    }

    @Test
    void writesDuringTheStreamDoNotChangeWhatItGivesAndClosingItEarlyReturnsItsConnection() {
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            seen.clear();
            try (Stream<RegistryEntry> entries = registry.streamEntries(RecencyOrder.MOST_RECENT_FIRST)) {
                Iterator<RegistryEntry> iterator = entries.iterator();
                seen.add(iterator.next().key());
                registry.get("key 0");
                registry.put("new " + round, SnapshotId.of("new"));
                iterator.forEachRemaining(entry -> seen.add(entry.key()));
            }
        }

        assertEquals(ENTRIES + 2, seen.size(), "the entries of the third round's start, each once");
        assertEquals("new 1", seen.get(0));
        assertEquals("key 0", seen.get(1));
    }
}
