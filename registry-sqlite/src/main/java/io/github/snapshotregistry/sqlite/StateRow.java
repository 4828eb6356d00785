package io.github.snapshotregistry.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** The counters of {@link StateTable}. */
record StateRow(long entryCount, long totalWeight, long pendingCount) {

    static StateRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StateRow(rs.getLong("entry_count"), rs.getLong("total_weight"), rs.getLong("pending_count"));
    }
}
