package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** One removal in the outbox ({@link PendingEvictionTable}): its sequence number and what to deliver. */
record PendingRow(long seq, Eviction eviction) {

    static PendingRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingRow(rs.getLong("seq"), new Eviction(
                rs.getString("key"),
                SnapshotId.of(rs.getString("snapshot_id")),
                rs.getLong("weight"),
                RemovalCause.valueOf(rs.getString("cause"))));
    }
}
