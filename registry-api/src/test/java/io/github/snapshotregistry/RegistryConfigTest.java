package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryConfigTest {

    @Test
    void defaultsWeighEveryEntryOneNeverExpireAndUseTheSystemClock() throws Exception {
        RegistryConfig config = RegistryConfig.builder().maxEntries(5).build();

        assertEquals(OptionalLong.of(5), config.maxEntries());
        assertEquals(OptionalLong.empty(), config.maxWeight());
        assertSame(Weigher.UNIT, config.weigher());
        assertEquals(1, config.weigher().weigh("any", SnapshotId.of("id")));
        assertEquals(Optional.empty(), config.expireAfterAccess());
        assertSame(InstantSource.system(), config.clock());
        assertSame(EvictionListener.IGNORE, config.evictionListener());
        config.evictionListener().onEviction(
                new Eviction("k", SnapshotId.of("id"), 1, RemovalCause.EXPLICIT));
    }

    @Test
    void aConfigurationNeedsABound() {
        var e = assertThrows(IllegalArgumentException.class, () -> RegistryConfig.builder().build());
        assertEquals("at least one of maxEntries and maxWeight must be set", e.getMessage());
    }

    @Test
    void weightAloneIsABound() {
        RegistryConfig config = RegistryConfig.builder().maxWeight(1_000).build();
        assertEquals(OptionalLong.of(1_000), config.maxWeight());
        assertTrue(config.maxEntries().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void maxEntriesBelowOneIsRejected(long value) {
        var e = assertThrows(
                IllegalArgumentException.class, () -> RegistryConfig.builder().maxEntries(value));
        assertEquals("maxEntries must be at least 1, was " + value, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void maxWeightBelowOneIsRejected(long value) {
        var e = assertThrows(
                IllegalArgumentException.class, () -> RegistryConfig.builder().maxWeight(value));
        assertEquals("maxWeight must be at least 1, was " + value, e.getMessage());
    }

    @Test
    void zeroExpiryIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RegistryConfig.builder().expireAfterAccess(Duration.ZERO));
        assertEquals("expireAfterAccess must be positive, was PT0S", e.getMessage());
    }

    @Test
    void negativeExpiryIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RegistryConfig.builder().expireAfterAccess(Duration.ofSeconds(-1)));
        assertEquals("expireAfterAccess must be positive, was PT-1S", e.getMessage());
    }

    @Test
    void nullSettingsAreNullPointerExceptionsNamingTheSetting() {
        var builder = RegistryConfig.builder();
        assertEquals("expireAfterAccess must not be null",
                assertThrows(NullPointerException.class, () -> builder.expireAfterAccess(null)).getMessage());
        assertEquals("weigher must not be null",
                assertThrows(NullPointerException.class, () -> builder.weigher(null)).getMessage());
        assertEquals("evictionListener must not be null",
                assertThrows(NullPointerException.class, () -> builder.evictionListener(null)).getMessage());
        assertEquals("clock must not be null",
                assertThrows(NullPointerException.class, () -> builder.clock(null)).getMessage());
    }

    @Test
    void toBuilderKeepsEverySettingAndLeavesTheOriginalUnchanged() {
        Weigher weigher = (key, id) -> 7;
        EvictionListener listener = eviction -> {};
        InstantSource clock = InstantSource.fixed(Instant.EPOCH);
        RegistryConfig original = RegistryConfig.builder()
                .maxEntries(3)
                .maxWeight(30)
                .weigher(weigher)
                .expireAfterAccess(Duration.ofMinutes(5))
                .evictionListener(listener)
                .clock(clock)
                .build();

        RegistryConfig changed = original.toBuilder().maxEntries(4).build();

        assertEquals(OptionalLong.of(4), changed.maxEntries());
        assertEquals(OptionalLong.of(30), changed.maxWeight());
        assertSame(weigher, changed.weigher());
        assertEquals(Optional.of(Duration.ofMinutes(5)), changed.expireAfterAccess());
        assertSame(listener, changed.evictionListener());
        assertSame(clock, changed.clock());
        assertEquals(OptionalLong.of(3), original.maxEntries());
    }
}
