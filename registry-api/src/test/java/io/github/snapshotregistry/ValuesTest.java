package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static final SnapshotId ID = SnapshotId.of("img");

    @Test
    void capacityAndExpiryAreEvictionsReplacementAndInvalidationAreNot() {
        assertTrue(RemovalCause.CAPACITY.wasEvicted());
        assertTrue(RemovalCause.EXPIRED.wasEvicted());
        assertFalse(RemovalCause.REPLACED.wasEvicted());
        assertFalse(RemovalCause.EXPLICIT.wasEvicted());
    }

    @Test
    void hitRateIsHitsOverLookups() {
        assertEquals(0.75, new RegistryStats(3, 1, 0, 0, 0).hitRate());
    }

    @Test
    void hitRateWithoutLookupsIsOne() {
        assertEquals(1.0, new RegistryStats(0, 0, 5, 0, 0).hitRate());
    }

    @Test
    void anEvictionNeedsAKeyAnIdAndACause() {
        assertEquals("key must not be null", assertThrows(NullPointerException.class,
                () -> new Eviction(null, ID, 1, RemovalCause.CAPACITY)).getMessage());
        assertEquals("snapshotId must not be null", assertThrows(NullPointerException.class,
                () -> new Eviction("k", null, 1, RemovalCause.CAPACITY)).getMessage());
        assertEquals("cause must not be null", assertThrows(NullPointerException.class,
                () -> new Eviction("k", ID, 1, null)).getMessage());
    }

    @Test
    void anEntryNeedsAKeyAnIdAndAnAccessTime() {
        assertEquals("key must not be null", assertThrows(NullPointerException.class,
                () -> new RegistryEntry(null, ID, 1, Instant.EPOCH)).getMessage());
        assertEquals("snapshotId must not be null", assertThrows(NullPointerException.class,
                () -> new RegistryEntry("k", null, 1, Instant.EPOCH)).getMessage());
        assertEquals("lastAccess must not be null", assertThrows(NullPointerException.class,
                () -> new RegistryEntry("k", ID, 1, null)).getMessage());
    }

    @Test
    void aStoredSnapshotNeedsAnIdAndAModificationTime() {
        assertEquals("id must not be null", assertThrows(NullPointerException.class,
                () -> new StoredSnapshot(null, Instant.EPOCH)).getMessage());
        assertEquals("lastModified must not be null", assertThrows(NullPointerException.class,
                () -> new StoredSnapshot(ID, null)).getMessage());
    }

    @Test
    void aReconciliationKeepsImmutableCopies() {
        List<SnapshotId> orphans = new ArrayList<>(List.of(ID));
        Reconciliation reconciliation = new Reconciliation(orphans, List.of());
        orphans.clear();

        assertEquals(List.of(ID), reconciliation.orphans());
        assertThrows(UnsupportedOperationException.class, () -> reconciliation.missing().add(null));
        assertThrows(NullPointerException.class, () -> new Reconciliation(null, List.of()));
    }

    @Test
    void aSchemeOtherThanTheCurrentOneIsChangedByTheNextOpen() {
        assertTrue(new StorageSchema("2", "an older version", "3").upgradedByNextOpen());
        assertFalse(new StorageSchema("3", "the current version", "3").upgradedByNextOpen());
        assertEquals("description must not be null", assertThrows(NullPointerException.class,
                () -> new StorageSchema("3", null, "3")).getMessage());
    }
}
