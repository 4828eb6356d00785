package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.VictimRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The row mappers of the engine's rows, from this adapter's columns. They read the columns by
 * position, in the order that {@link EntryTable#COLUMNS} and {@link PendingEvictionTable#COLUMNS}
 * select them, and the counters row's two statements ({@link CounterTable#read} and {@link
 * PendingEvictionTable#deleteReadingCounters}): sqlite-jdbc finds a column by name through a map
 * that it builds again for each execution of a statement.
 */
final class Rows {

    private Rows() {
    }

    static EntryRow entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EntryRow(
                rs.getString(1),
                SnapshotId.of(rs.getString(2)),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5));
    }

    /** An entry that {@link EntryTable#deleteLeastRecentlyUsed} deleted, and its {@code still_mapped} column after them. */
    static VictimRow victim(ResultSet rs, StatementContext ctx) throws SQLException {
        return new VictimRow(entry(rs, ctx), rs.getBoolean(6));
    }

    static CounterRow counters(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CounterRow(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    }

    static PendingRow pending(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingRow(rs.getLong(1), new Eviction(
                rs.getString(2),
                SnapshotId.of(rs.getString(3)),
                rs.getLong(4),
                RemovalCause.valueOf(rs.getString(5))));
    }
}
