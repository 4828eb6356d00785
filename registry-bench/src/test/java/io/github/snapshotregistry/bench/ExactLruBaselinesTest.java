package io.github.snapshotregistry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExactLruBaselinesTest {

    @TempDir
    Path dir;

    /*
     * Capacity 2, trace a b a c a b c b. Strict LRU:
     * a miss [a]; b miss [a b]; a hit [b a]; c miss, evicts b [a c]; a hit [c a];
     * b miss, evicts c [a b]; c miss, evicts a [b c]; b hit [c b].
     * Hits on requests 3, 5 and 8; 3 evictions. (FIFO would hit twice: on 3 and 8.)
     */
    @ParameterizedTest
    @EnumSource(names = {"LINKEDHASHMAP", "LINKEDHASHMAP_STAMPED", "JDBC", "JDBC_OUTBOX", "JDBC_OUTBOX_BATCHED", "JDBC_POSTGRES", "JDBC_POSTGRES_OUTBOX"})
    void aTinyTraceHitsExactlyAsStrictLruDoes(ReplayImpl impl) {
        List<Boolean> hits = new ArrayList<>();
        long evictions;
        try (ReplayTarget target = impl.open(2, dir, null)) {
            for (String key : "a b a c a b c b".split(" ")) {
                hits.add(target.request(key));
            }
            evictions = target.evictions();
        }

        assertEquals(List.of(false, false, true, false, true, false, false, true), hits);
        assertEquals(3, evictions);
    }

    @ParameterizedTest
    @EnumSource(names = {"LINKEDHASHMAP", "LINKEDHASHMAP_STAMPED", "JDBC", "JDBC_OUTBOX", "JDBC_OUTBOX_BATCHED", "JDBC_POSTGRES", "JDBC_POSTGRES_OUTBOX"})
    void aMissStoresTheKeySoTheNextRequestHits(ReplayImpl impl) {
        try (ReplayTarget target = impl.open(1, dir, null)) {
            assertEquals(false, target.request("key"));
            assertEquals(true, target.request("key"));
            assertEquals(0, target.evictions());
        }
    }
}
