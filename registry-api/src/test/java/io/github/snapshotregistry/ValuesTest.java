package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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
}
