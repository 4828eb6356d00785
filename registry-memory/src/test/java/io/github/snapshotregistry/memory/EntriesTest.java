package io.github.snapshotregistry.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
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
        entries.add("k1", A, 3, 1_000);
        entries.add("k2", B, 4, 2_000);

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
            entries.add("k" + i, SnapshotId.of("id" + i), 1, i);
        }

        entries.remove(entries.find("k2"));
        entries.remove(entries.find("k0"));
        entries.touch(entries.find("k1"), 10);

        assertEquals(List.of("k3", "k4", "k1"), entries.list().stream().map(RegistryEntry::key).toList());
        assertNull(entries.find("k2"));
        assertEquals(3, entries.size());
    }

    @Test
    void theTotalWeightFollowsAddsRefreshesAndRemoves() {
        entries.add("k1", A, 5, 0);
        entries.add("k2", B, 7, 0);

        entries.refresh(entries.find("k1"), 2, 1);
        assertEquals(9, entries.totalWeight());

        entries.remove(entries.find("k2"));
        assertEquals(2, entries.totalWeight());
    }

    @Test
    void aRefreshMakesTheEntryMostRecentlyUsedWithItsNewWeight() {
        entries.add("k1", A, 5, 0);
        entries.add("k2", B, 7, 0);

        entries.refresh(entries.find("k1"), 2, 9);

        assertEquals(List.of(
                        new RegistryEntry("k2", B, 7, Instant.ofEpochMilli(0)),
                        new RegistryEntry("k1", A, 2, Instant.ofEpochMilli(9))),
                entries.list());
    }

    @Test
    void removeSaysAnIdIsUnmappedOnlyWhenTheLastKeyMappingItGoes() {
        entries.add("k1", A, 1, 0);
        entries.add("k2", A, 1, 0);

        assertFalse(entries.remove(entries.find("k1")));
        assertTrue(entries.remove(entries.find("k2")));
    }

    @Test
    void withoutCountingIdsRemoveNeverSaysAnIdIsUnmapped() {
        Entries uncounted = new Entries(false);
        uncounted.add("k1", A, 1, 0);

        assertFalse(uncounted.remove(uncounted.find("k1")));
        assertEquals(0, uncounted.size());
        assertNull(uncounted.leastRecent());
    }

    @Test
    void touchingTheMostRecentEntryKeepsTheOrderAndUpdatesItsAccessTime() {
        entries.add("k1", A, 1, 0);
        entries.add("k2", B, 1, 0);

        entries.touch(entries.find("k2"), 5);

        assertSame(entries.find("k1"), entries.leastRecent());
        assertEquals(5, entries.find("k2").lastAccessMillis);
        assertEquals(List.of("k1", "k2"), entries.list().stream().map(RegistryEntry::key).toList());
    }

    @Test
    void clearForgetsEntriesWeightsAndReferences() {
        entries.add("k1", A, 4, 0);
        entries.add("k2", A, 4, 0);

        entries.clear();
        entries.add("k3", A, 1, 0);

        assertEquals(1, entries.size());
        assertEquals(1, entries.totalWeight());
        assertTrue(entries.remove(entries.find("k3")));
        assertNull(entries.leastRecent());
    }
}
