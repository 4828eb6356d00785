package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    private static List<String> print(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text, true));
        return text.toString().lines().toList();
    }

    @Test
    void columnsAreAlignedTwoSpacesApartAndTheLastIsNotPadded() {
        Table table = new Table(3).alignRight(1);
        table.add("KEY", "SIZE", "NOTE");
        table.add("a-long-key", "1 B", "x");
        table.add("k", "1.5 MiB", "a longer note");

        assertEquals(List.of(
                "KEY            SIZE  NOTE",
                "a-long-key      1 B  x",
                "k           1.5 MiB  a longer note"), print(table));
    }

    @Test
    void widthsCountCodePointsSoAnEmojiTakesOneColumn() {
        Table table = new Table(2);
        table.add("\uD83D\uDE80\uD83D\uDE80", "x");
        table.add("ab", "y");

        assertEquals(List.of("\uD83D\uDE80\uD83D\uDE80  x", "ab  y"), print(table));
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        Table table = new Table(2);

        assertEquals("a row needs 2 cells, had 1",
                assertThrows(IllegalArgumentException.class, () -> table.add("one")).getMessage());
    }
}
