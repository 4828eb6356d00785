package io.github.snapshotregistry.cli;

import java.io.PrintWriter;

/**
 * Writes one compact JSON document, value by value. The text is ASCII whatever the keys hold:
 * quotation mark, reverse solidus and control characters are escaped as RFC 8259 requires, and every
 * character beyond ASCII as a hexadecimal escape (a surrogate pair as two), so that the document reads
 * the same whatever the platform's output encoding. Commas are placed by the writer; the caller only
 * nests its begin and end calls correctly.
 */
final class Json {

    private final StringBuilder text = new StringBuilder();
    private boolean afterValue;

    Json beginObject() {
        separate();
        text.append('{');
        afterValue = false;
        return this;
    }

    Json endObject() {
        text.append('}');
        afterValue = true;
        return this;
    }

    Json beginArray() {
        separate();
        text.append('[');
        afterValue = false;
        return this;
    }

    Json endArray() {
        text.append(']');
        afterValue = true;
        return this;
    }

    /** Writes a member's name; its value comes next. */
    Json name(String name) {
        separate();
        string(name);
        text.append(':');
        afterValue = false;
        return this;
    }

    /** Writes a string, or {@code null}. */
    Json value(String value) {
        separate();
        if (value == null) {
            text.append("null");
        } else {
            string(value);
        }
        afterValue = true;
        return this;
    }

    /** Writes the text so far and forgets it, so that a long document needs no memory for what is printed. */
    void flushTo(PrintWriter out) {
        out.print(text);
        text.setLength(0);
    }

    Json value(long value) {
        separate();
        text.append(value);
        afterValue = true;
        return this;
    }

    Json value(boolean value) {
        separate();
        text.append(value);
        afterValue = true;
        return this;
    }

    /** Writes a number, or {@code null} for an absent one. */
    Json value(Long value) {
        return value == null ? value((String) null) : value(value.longValue());
    }

    Json field(String name, String value) {
        return name(name).value(value);
    }

    Json field(String name, long value) {
        return name(name).value(value);
    }

    Json field(String name, boolean value) {
        return name(name).value(value);
    }

    Json field(String name, Long value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    private void separate() {
        if (afterValue) {
            text.append(',');
        }
    }

    private void string(String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
