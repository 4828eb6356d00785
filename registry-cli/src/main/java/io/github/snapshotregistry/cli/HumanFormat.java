package io.github.snapshotregistry.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How values are shown to people: sizes in binary units, instants relative to one "now" (taken
 * once per command, so that every line of a listing agrees), and text with its control characters
 * made visible so that a key cannot break a table.
 */
final class HumanFormat {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final Instant now;

    HumanFormat(Instant now) {
        this.now = now;
    }

    /**
     * A size in bytes: {@code 512 B}, {@code 1.5 KiB}, {@code 64 KiB}, {@code 2.0 MiB}: rounded to
     * one decimal below 10 of a unit, to a whole number above.
     */
    String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = String.format(Locale.ROOT, value < 9.95 ? "%.1f" : "%.0f", value);
        return number + " " + UNITS[unit];
    }

    /** How long before now an instant was: {@code just now}, {@code 42 s ago}, {@code 3 min ago}, {@code 5 h ago}, {@code 12 days ago}. */
    String age(Instant instant) {
        Duration age = Duration.between(instant, now);
        if (age.isNegative()) {
            return "in " + span(age.negated()) + " (clock ahead)";
        }
        if (age.toMillis() < 1000) {
            return "just now";
        }
        return span(age) + " ago";
    }

    /** A part of a whole as a percentage rounded down: {@code 95%}; {@code 0%} of nothing. */
    String percent(long part, long whole) {
        return (whole == 0 ? 0 : (long) (100.0 * part / whole)) + "%";
    }

    /** Text with control characters escaped: {@code \n}, {@code \t}, {@code \0}, others in hexadecimal. */
    String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '\0' -> shown.append("\\0");
                default -> {
                    if (Character.isISOControl(c)) {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }

    private static String span(Duration span) {
        long seconds = span.toSeconds();
        if (seconds < 60) {
            return Math.max(seconds, 1) + " s";
        }
        if (seconds < 60 * 60) {
            return seconds / 60 + " min";
        }
        if (seconds < 48 * 60 * 60) {
            return seconds / (60 * 60) + " h";
        }
        return seconds / (24 * 60 * 60) + " days";
    }
}
