package io.github.snapshotregistry.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How values are shown to people: weights as plain numbers, or as sizes in binary units when the
 * operator says they are bytes; instants relative to one "now" (taken once per command, so that
 * every line of a listing agrees); and text with its control and format characters made visible,
 * so that a key can neither break a table nor reorder what is printed after it.
 */
final class HumanFormat {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private final Instant now;
    private final boolean weightsInBytes;

    /**
     * @param now what ages are relative to
     * @param weightsInBytes whether weights are sizes in bytes, shown in binary units
     */
    HumanFormat(Instant now, boolean weightsInBytes) {
        this.now = now;
        this.weightsInBytes = weightsInBytes;
    }

    /** A weight: {@code 1536}, or with weights in bytes {@link #size(long) 1.5 KiB}. */
    String weight(long weight) {
        return weightsInBytes ? size(weight) : Long.toString(weight);
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

    /**
     * Text with control characters escaped ({@code \\n}, {@code \\t}, {@code \\0}, others as {@code
     * \\u001b}), and so are format characters (Unicode category Cf, such as the right-to-left override
     * {@code \\u202e}) and line and paragraph separators: they would reorder or break what is printed.
     */
    static String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '\0' -> shown.append("\\0");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                        shown.append(String.format(c > 0xffff ? "\\U%08x" : "\\u%04x", c));
                    } else {
                        shown.appendCodePoint(c);
                    }
                }
            }
        });
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
