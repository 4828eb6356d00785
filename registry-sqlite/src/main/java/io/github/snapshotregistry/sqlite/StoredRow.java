package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryArguments;
import io.github.snapshotregistry.SnapshotId;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A row's key and snapshot id as SQLite holds them (type and bytes), to be checked against the
 * contract's rule 1 before a registry reads them as text; {@code timeProblem} is what SQL found
 * wrong with its access time, if anything.
 */
record StoredRow(long position, String keyType, byte[] key, String idType, byte[] snapshotId, String timeProblem) {

    /** How many bad rows a report names; it counts the rest. */
    static final int NAMED = 5;

    static StoredRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredRow(rs.getLong("position"), rs.getString("key_type"), bytes(rs, "key"),
                rs.getString("id_type"), bytes(rs, "snapshot_id"), rs.getString("time_problem"));
    }

    /** A column's bytes; sqlite-jdbc answers null for empty text too. */
    private static byte[] bytes(ResultSet rs, String column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? new byte[0] : bytes;
    }

    /**
     * Reads rows and reports the first {@link #NAMED} bad ones, each as {@code <noun> <numberedBy>
     * <position>: <what is wrong>}, then how many more bad ones there are; empty if every row is good.
     */
    static List<String> report(Stream<StoredRow> rows, Charset encoding, String noun, String numberedBy) {
        List<String> report = new ArrayList<>();
        long bad = 0;
        for (StoredRow row : (Iterable<StoredRow>) rows::iterator) {
            Optional<String> problem = row.problem(encoding);
            if (problem.isPresent() && ++bad <= NAMED) {
                report.add(noun + " " + numberedBy + " " + row.position() + ": " + problem.get());
            }
        }
        if (bad > NAMED) {
            report.add("and " + (bad - NAMED) + " more " + noun + (bad - NAMED == 1 ? "" : "s") + " like these");
        }
        return report;
    }

    /** What is wrong with this row, if anything: its key first, then its snapshot id, then its time. */
    Optional<String> problem(Charset encoding) {
        return textProblem("key", keyType, key, encoding, RegistryArguments::checkKey)
                .or(() -> textProblem("snapshot_id", idType, snapshotId, encoding, SnapshotId::of))
                .or(() -> Optional.ofNullable(timeProblem));
    }

    private static Optional<String> textProblem(String column, String type, byte[] bytes, Charset encoding,
            Consumer<String> check) {
        if (type.equals("null")) {
            return Optional.of(column + " is NULL");
        }
        if (!type.equals("text")) {
            return Optional.of(column + " is " + type + ", not text");
        }
        String text;
        try {
            text = encoding.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return Optional.of(column + " is not well-formed " + encoding.name()
                    + " (an unpaired surrogate or other invalid bytes)");
        }
        try {
            check.accept(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(column + ": " + e.getMessage());
        }
    }
}
