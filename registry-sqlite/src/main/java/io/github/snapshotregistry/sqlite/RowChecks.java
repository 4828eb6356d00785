package io.github.snapshotregistry.sqlite;

import java.nio.charset.Charset;
import java.util.List;
import org.jdbi.v3.core.result.ResultIterable;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Finds rows that break the contract's rule 1: keys and snapshot ids that no registry would have
 * stored. Text is read as the bytes SQLite holds, so that invalid text is reported, never mangled.
 */
interface RowChecks {

    /**
     * The rows of the Rust original's {@code snapshots} table, with what is wrong with {@code
     * accessed_at} (its milliseconds must fit a {@code long}).
     */
    @SqlQuery("SELECT rowid AS position, typeof(key) AS key_type, CAST(key AS BLOB) AS key,"
            + " typeof(snapshot_id) AS id_type, CAST(snapshot_id AS BLOB) AS snapshot_id,"
            + " CASE WHEN accessed_at IS NULL THEN 'accessed_at is NULL'"
            + " WHEN typeof(accessed_at) <> 'integer' THEN 'accessed_at is ' || typeof(accessed_at) || ', not an integer'"
            + " WHEN accessed_at NOT BETWEEN -9223372036854775 AND 9223372036854775"
            + " THEN 'accessed_at is out of range: ' || accessed_at END AS time_problem"
            + " FROM snapshots ORDER BY rowid")
    ResultIterable<StoredRow> rustOriginalRows();

    @SqlQuery("SELECT access_seq AS position, typeof(key) AS key_type, CAST(key AS BLOB) AS key,"
            + " typeof(snapshot_id) AS id_type, CAST(snapshot_id AS BLOB) AS snapshot_id, NULL AS time_problem"
            + " FROM entry ORDER BY access_seq")
    ResultIterable<StoredRow> entryRows();

    /** The database's text encoding, as SQLite names it ({@code UTF-8}, {@code UTF-16le}, {@code UTF-16be}). */
    @SqlQuery("PRAGMA encoding")
    String encoding();

    /** What is wrong with the first bad rows of the Rust original's table, and how many more there are. */
    default List<String> rustOriginalProblems() {
        try (var rows = rustOriginalRows().stream()) {
            return StoredRow.report(rows, Charset.forName(encoding()), "row", "rowid");
        }
    }

    /** What is wrong with the first bad entries, and how many more there are. */
    default List<String> entryProblems() {
        try (var rows = entryRows().stream()) {
            return StoredRow.report(rows, Charset.forName(encoding()), "entry", "access_seq");
        }
    }
}
