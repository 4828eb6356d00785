package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryArgumentsTest {

    private static final Map<String, String> UNPAIRED = Map.of(
            "lone high surrogate at the end", "a\uD800",
            "lone low surrogate at the start", "\uDC00b",
            "low before high", "a\uDC00\uD800b",
            "high before a pair", "\uD83D\uD83D\uDE00");

    private static final RegistryConfig WEIGHT_10 = RegistryConfig.builder().maxWeight(10).build();
    private static final RegistryConfig ENTRIES_10 = RegistryConfig.builder().maxEntries(10).build();

    @Test
    void nullKeyIsANullPointerExceptionNamingTheKey() {
        var e = assertThrows(NullPointerException.class, () -> RegistryArguments.checkKey(null));
        assertEquals("key must not be null", e.getMessage());
    }

    @Test
    void emptyKeyIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> RegistryArguments.checkKey(""));
        assertEquals("key must not be empty", e.getMessage());
    }

    @Test
    void keyOverTheMaximumLengthIsRejectedWithItsLength() {
        String key = "k".repeat(RegistryArguments.MAX_LENGTH + 1);
        var e = assertThrows(IllegalArgumentException.class, () -> RegistryArguments.checkKey(key));
        assertEquals("key must be at most 2048 chars, was 2049", e.getMessage());
    }

    @Test
    void keyOfExactlyTheMaximumLengthIsValid() {
        String key = "k".repeat(RegistryArguments.MAX_LENGTH);
        assertSame(key, RegistryArguments.checkKey(key));
    }

    @ParameterizedTest(name = "{0}: index {1}")
    @CsvSource({
        "lone high surrogate at the end, 1",
        "lone low surrogate at the start, 0",
        "low before high, 1",
        "high before a pair, 0",
    })
    void keyWithAnUnpairedSurrogateIsRejectedWithItsIndex(String example, int index) {
        String key = UNPAIRED.get(example);
        var e = assertThrows(IllegalArgumentException.class, () -> RegistryArguments.checkKey(key));
        assertEquals("key has an unpaired surrogate at index " + index, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a b", "'; DROP TABLE snapshots; --", "%_", "\0", "\uD83D\uDE00", "\"q\""})
    void anyOtherNonEmptyStringIsAValidKey(String key) {
        assertSame(key, RegistryArguments.checkKey(key));
    }

    @Test
    void nullIdIsANullPointerExceptionNamingTheId() {
        var e = assertThrows(NullPointerException.class, () -> RegistryArguments.checkId(null));
        assertEquals("id must not be null", e.getMessage());
    }

    @Test
    void negativeWeightIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> RegistryArguments.checkWeight(-1, ENTRIES_10));
        assertEquals("weight must not be negative, was -1", e.getMessage());
    }

    @Test
    void weightAboveMaxWeightIsRejected() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> RegistryArguments.checkWeight(11, WEIGHT_10));
        assertEquals("weight 11 exceeds maxWeight 10", e.getMessage());
    }

    @Test
    void weightsFromZeroToMaxWeightAreValid() {
        assertEquals(0, RegistryArguments.checkWeight(0, WEIGHT_10));
        assertEquals(10, RegistryArguments.checkWeight(10, WEIGHT_10));
    }

    @Test
    void anyNonNegativeWeightIsValidWithoutMaxWeight() {
        assertEquals(Long.MAX_VALUE, RegistryArguments.checkWeight(Long.MAX_VALUE, ENTRIES_10));
    }

    @Test
    void weighReturnsTheWeighersWeight() {
        RegistryConfig config = WEIGHT_10.toBuilder().weigher((key, id) -> key.length()).build();
        assertEquals(3, RegistryArguments.weigh(config, "abc", SnapshotId.of("s")));
    }

    @Test
    void weighRejectsANegativeWeightFromTheWeigher() {
        RegistryConfig config = WEIGHT_10.toBuilder().weigher((key, id) -> -3).build();
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RegistryArguments.weigh(config, "k", SnapshotId.of("s")));
        assertEquals("weigher returned a negative weight -3 for key k", e.getMessage());
    }

    @Test
    void weighRejectsAWeightAboveMaxWeightFromTheWeigher() {
        RegistryConfig config = WEIGHT_10.toBuilder().weigher((key, id) -> 11).build();
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> RegistryArguments.weigh(config, "k", SnapshotId.of("s")));
        assertEquals("weight 11 exceeds maxWeight 10", e.getMessage());
    }

    @Test
    void weighLetsTheWeighersExceptionThrough() {
        var failure = new IllegalStateException("no such file");
        RegistryConfig config = WEIGHT_10.toBuilder().weigher((key, id) -> { throw failure; }).build();
        var e = assertThrows(
                IllegalStateException.class,
                () -> RegistryArguments.weigh(config, "k", SnapshotId.of("s")));
        assertSame(failure, e);
    }

}
