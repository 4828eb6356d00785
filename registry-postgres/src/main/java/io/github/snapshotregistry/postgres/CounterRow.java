package io.github.snapshotregistry.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** A registry's counters as {@link RegistryTable} stores them. */
record CounterRow(long entryCount, long totalWeight) {

    static CounterRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CounterRow(rs.getLong("entry_count"), rs.getLong("total_weight"));
    }
}
