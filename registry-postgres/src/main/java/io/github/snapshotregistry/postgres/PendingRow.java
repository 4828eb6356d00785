package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** One removal in the outbox ({@link PendingEvictionTable}): its sequence number and what to deliver. */
record PendingRow(long seq, Eviction eviction) {

    static PendingRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PendingRow(rs.getLong("seq"), new Eviction(
                new String(rs.getBytes("key"), StandardCharsets.UTF_8),
                SnapshotId.of(new String(rs.getBytes("snapshot_id"), StandardCharsets.UTF_8)),
                rs.getLong("weight"),
                RemovalCause.valueOf(rs.getString("cause"))));
    }
}
