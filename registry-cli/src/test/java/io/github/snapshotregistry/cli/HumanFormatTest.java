package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HumanFormatTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private final HumanFormat format = new HumanFormat(NOW, true);

    @Test
    void sizesUseBinaryUnitsRoundedToOneDecimalBelowTen() {
        assertEquals("0 B", format.size(0));
        assertEquals("1023 B", format.size(1023));
        assertEquals("1.0 KiB", format.size(1024));
        assertEquals("1.5 KiB", format.size(1500));
        assertEquals("1.4 KiB", format.size(1480));
        assertEquals("9.9 KiB", format.size(10188));
        assertEquals("10 KiB", format.size(10189));
        assertEquals("10 KiB", format.size(10 * 1024));
        assertEquals("1023 KiB", format.size(1023 * 1024 + 511));
        assertEquals("1024 KiB", format.size(1024 * 1024 - 1));
        assertEquals("1.5 MiB", format.size(1536 * 1024));
        assertEquals("2.0 GiB", format.size(2L << 30));
        assertEquals("5.0 EiB", format.size(5L << 60));
        assertEquals("8.0 EiB", format.size(Long.MAX_VALUE), "the largest weight, as near as a double gets");
    }

    @Test
    void agesAreRelativeToNow() {
        assertEquals("just now", format.age(NOW));
        assertEquals("just now", format.age(NOW.minusMillis(999)));
        assertEquals("1 s ago", format.age(NOW.minusSeconds(1)));
        assertEquals("59 s ago", format.age(NOW.minusSeconds(59)));
        assertEquals("1 min ago", format.age(NOW.minusSeconds(60)));
        assertEquals("59 min ago", format.age(NOW.minus(Duration.ofMinutes(60)).plusSeconds(1)));
        assertEquals("1 h ago", format.age(NOW.minus(Duration.ofHours(1))));
        assertEquals("47 h ago", format.age(NOW.minus(Duration.ofHours(47))));
        assertEquals("2 days ago", format.age(NOW.minus(Duration.ofHours(48))));
        assertEquals("400 days ago", format.age(NOW.minus(Duration.ofDays(400))));
    }

    @Test
    void anInstantAfterNowSaysTheClockIsAhead() {
        assertEquals("in 1 s (clock ahead)", format.age(NOW.plusMillis(10)));
        assertEquals("in 3 min (clock ahead)", format.age(NOW.plus(Duration.ofMinutes(3))));
    }

    @Test
    void percentagesRoundDown() {
        assertEquals("0%", format.percent(0, 0));
        assertEquals("99%", format.percent(999, 1000));
        assertEquals("100%", format.percent(10, 10));
        assertEquals("250%", format.percent(5, 2));
    }

    @Test
    void controlCharactersBecomeVisible() {
        assertEquals("a\\nb\\rc\\td\\0e\\u001bf\\u007fg h\u00e9", HumanFormat.visible("a\nb\rc\td\0e\u001bf\u007fg h\u00e9"));
    }

    @Test
    void formatCharactersSuchAsARightToLeftOverrideBecomeVisible() {
        assertEquals("evil\\u202etxt.exe \\u200b\\u2028 \\U000e0001 caf\u00e9",
                HumanFormat.visible("evil\u202etxt.exe \u200b\u2028 \udb40\udc01 caf\u00e9"));
    }

    @Test
    void weightsArePlainNumbersUnlessTheyAreBytes() {
        assertEquals("1536", new HumanFormat(NOW, false).weight(1536));
        assertEquals("1.5 KiB", new HumanFormat(NOW, true).weight(1536));
    }
}
