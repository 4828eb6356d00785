package io.github.snapshotregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotIdTest {

    @Test
    void nullValueIsANullPointerExceptionNamingTheId() {
        var e = assertThrows(NullPointerException.class, () -> SnapshotId.of(null));
        assertEquals("snapshot id must not be null", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void blankValueIsRejected(String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotId.of(value));
        assertEquals("snapshot id must not be blank", e.getMessage());
    }

    @Test
    void valueOverTheMaximumLengthIsRejectedWithItsLength() {
        String value = "s".repeat(RegistryArguments.MAX_LENGTH + 1);
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotId.of(value));
        assertEquals("snapshot id must be at most 2048 chars, was 2049", e.getMessage());
    }

    @Test
    void valueWithAnUnpairedSurrogateIsRejectedWithItsIndex() {
        var e = assertThrows(IllegalArgumentException.class, () -> SnapshotId.of("img-\uD83D"));
        assertEquals("snapshot id has an unpaired surrogate at index 4", e.getMessage());
    }

    @Test
    void valueOfExactlyTheMaximumLengthWithAnEmojiIsValid() {
        String value = "s".repeat(RegistryArguments.MAX_LENGTH - 2) + "\uD83D\uDE00";
        assertEquals(value, SnapshotId.of(value).value());
    }

    @Test
    void idsAreEqualByValue() {
        assertEquals(SnapshotId.of("vm-1"), new SnapshotId("vm-1"));
        assertNotEquals(SnapshotId.of("vm-1"), SnapshotId.of("vm-2"));
    }
}
