package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.memory.Entries.Node;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntriesTest {

    private static final SnapshotId A = SnapshotId.of("a");
    private static final SnapshotId B = SnapshotId.of("b");

    private final Entries entries = new Entries(true);

    @Test
    void anEmptyTableHasNoLeastRecentEntryNoSizeAndNoWeight() {
        assertNull(entries.leastRecent());
        assertEquals(0, entries.size());
        assertEquals(0, entries.totalWeight());
        assertEquals(List.of(), entries.list());
    }

    @Test
    void entriesAreListedLeastRecentlyUsedFirstWithTheirAccessTime() {
        add("k1", A, 3, 1_000);
        add("k2", B, 4, 2_000);

        entries.touch(entries.find("k1"), 3_000);

        assertEquals(List.of(
                        new RegistryEntry("k2", B, 4, Instant.ofEpochMilli(2_000)),
                        new RegistryEntry("k1", A, 3, Instant.ofEpochMilli(3_000))),
                entries.list());
        assertSame(entries.find("k2"), entries.leastRecent());
    }

    @Test
    void removingFromTheMiddleKeepsTheOthersLinkedInOrder() {
        for (int i = 0; i < 5; i++) {
            add("k" + i, SnapshotId.of("id" + i), 1, i);
        }

        entries.remove(entries.find("k2"));
        entries.remove(entries.find("k0"));
        entries.touch(entries.find("k1"), 10);

        assertEquals(List.of("k3", "k4", "k1"), entries.list().stream().map(RegistryEntry::key).toList());
        assertNull(entries.find("k2"));
        assertEquals(3, entries.size());
    }

    @Test
    void theTotalWeightFollowsAddsReplacementsAndRemoves() {
        add("k1", A, 5, 0);
        add("k2", B, 7, 0);

        add("k1", A, 2, 1);
        assertEquals(9, entries.totalWeight());

        entries.remove(entries.find("k2"));
        assertEquals(2, entries.totalWeight());
    }

    @Test
    void addingOverAKeyReplacesItsEntryWhichBecomesTheMostRecentlyUsed() {
        Node first = add("k1", A, 5, 0);
        add("k2", B, 7, 0);

        Node replaced = entries.add("k1", A, 2, 9, entries.state(A));

        assertSame(first, replaced);
        assertNotSame(first, entries.find("k1"));
        assertFalse(replaced.idUnmapped(), "the new entry maps the same id");
        assertEquals(2, entries.size());
        assertEquals(List.of(
                        new RegistryEntry("k2", B, 7, Instant.ofEpochMilli(0)),
                        new RegistryEntry("k1", A, 2, Instant.ofEpochMilli(9))),
                entries.list());
    }

    @Test
    void anIdIsUnmappedOnlyWhenTheLastKeyMappingItGoes() {
        Node k1 = add("k1", A, 1, 0);
        Node k2 = add("k2", A, 1, 0);
        assertSame(k1.state, k2.state, "one state per id, reached from each of its entries");

        entries.remove(k1);
        assertFalse(k1.idUnmapped());
        entries.remove(k2);
        assertTrue(k2.idUnmapped());
    }

    @Test
    void replacingAKeysIdUnmapsTheOldIdIfNoOtherKeyMapsIt() {
        add("k1", A, 1, 0);

        Node replaced = entries.add("k1", B, 1, 1, entries.state(B));

        assertTrue(replaced.idUnmapped());
        assertEquals(1, entries.size());
    }

    @Test
    void anIdStateIsForgottenOnlyWhenNothingUsesIt() {
        Node k1 = add("k1", A, 1, 0);
        IdState state = k1.state;

        entries.retire(state);
        assertSame(state, entries.state(A), "a key maps it");

        entries.remove(k1);
        entries.retire(state);
        assertNotSame(state, entries.state(A), "a new state once the old one is retired");
    }

    @Test
    void withoutTrackingIdsNoEntryHasAStateAndNoneIsUnmapped() {
        Entries untracked = new Entries(false);
        assertNull(untracked.state(A));
        untracked.add("k1", A, 1, 0, null);
        Node node = untracked.find("k1");

        untracked.remove(node);

        assertFalse(node.idUnmapped());
        assertEquals(0, untracked.size());
        assertNull(untracked.leastRecent());
    }

    @Test
    void touchingTheMostRecentEntryKeepsTheOrderAndUpdatesItsAccessTime() {
        add("k1", A, 1, 0);
        add("k2", B, 1, 0);

        entries.touch(entries.find("k2"), 5);

        assertSame(entries.find("k1"), entries.leastRecent());
        assertEquals(5, entries.find("k2").lastAccessMillis);
        assertEquals(List.of("k1", "k2"), entries.list().stream().map(RegistryEntry::key).toList());
    }

    @Test
    void clearForgetsEntriesWeightsAndIds() {
        IdState before = add("k1", A, 4, 0).state;
        add("k2", A, 4, 0);

        entries.clear();
        Node k3 = add("k3", A, 1, 0);

        assertNotSame(before, k3.state);
        assertEquals(1, entries.size());
        assertEquals(1, entries.totalWeight());
        entries.remove(k3);
        assertTrue(k3.idUnmapped());
        assertNull(entries.leastRecent());
    }

    /** Adds an entry as the registry does and returns it. */
    private Node add(String key, SnapshotId id, long weight, long lastAccessMillis) {
        entries.add(key, id, weight, lastAccessMillis, entries.state(id));
        return entries.find(key);
    }
}
