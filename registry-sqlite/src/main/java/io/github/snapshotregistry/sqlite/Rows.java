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

/** The row mappers of the engine's rows, from this adapter's columns. */
final class Rows {

    private Rows() {
    }

    static EntryRow entry(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EntryRow(
                rs.getString("key"),
                SnapshotId.of(rs.getString("snapshot_id")),
                rs.getLong("weight"),
                rs.getLong("last_access"),
                rs.getLong("access_seq"));
    }

    /** An entry that {@link EntryTable#deleteLeastRecentlyUsed} deleted, and its {@code still_mapped} column. */
    static VictimRow victim(ResultSet rs, StatementContext ctx) throws SQLException {
        return new VictimRow(entry(rs, ctx), rs.getBoolean("still_mapped"));
    }

    static CounterRow counters(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CounterRow(rs.getLong("entry_count"), rs.getLong("total_weight"), rs.getLong("pending_count"));
    }

    static PendingRow pending(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingRow(rs.getLong("seq"), new Eviction(
                rs.getString("key"),
                SnapshotId.of(rs.getString("snapshot_id")),
                rs.getLong("weight"),
                RemovalCause.valueOf(rs.getString("cause"))));
    }
}
