package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.StatementContext;

/** One row of {@link EntryTable}. */
record EntryRow(String key, SnapshotId snapshotId, long weight, long lastAccess, long accessSeq) {

    static EntryRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new EntryRow(
                rs.getString("key"),
                SnapshotId.of(rs.getString("snapshot_id")),
                rs.getLong("weight"),
                rs.getLong("last_access"),
                rs.getLong("access_seq"));
    }

    RegistryEntry toEntry() {
        return new RegistryEntry(key, snapshotId, weight, Instant.ofEpochMilli(lastAccess));
    }
}
