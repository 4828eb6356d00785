package io.github.snapshotregistry.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text printed in aligned columns, two spaces apart (a header is just the first row).
 * Widths count code points, so that a key with an emoji does not shift the columns after it by one;
 * the last column is not padded.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    Table(int columns) {
        rightAligned = new boolean[columns];
    }

    /** Aligns a column (numbers, sizes) to the right. */
    Table alignRight(int column) {
        rightAligned[column] = true;
        return this;
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if it has not one cell per column
     */
    void add(String... cells) {
        if (cells.length != rightAligned.length) {
            throw new IllegalArgumentException(
                    "a row needs " + rightAligned.length + " cells, had " + cells.length);
        }
        rows.add(cells);
    }

    void print(PrintWriter out) {
        int[] widths = new int[rightAligned.length];
        for (String[] row : rows) {
            for (int column = 0; column < row.length; column++) {
                widths[column] = Math.max(widths[column], width(row[column]));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.length; column++) {
                boolean last = column == row.length - 1;
                String padding = " ".repeat(widths[column] - width(row[column]));
                if (rightAligned[column]) {
                    line.append(padding).append(row[column]);
                } else {
                    line.append(row[column]).append(last ? "" : padding);
                }
                if (!last) {
                    line.append("  ");
                }
            }
            out.println(line);
        }
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
