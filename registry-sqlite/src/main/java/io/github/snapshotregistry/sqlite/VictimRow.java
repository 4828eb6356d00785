package io.github.snapshotregistry.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.StatementContext;

/** An entry that {@link EntryTable#deleteLeastRecentlyUsed} deleted, and whether another key still maps its id. */
record VictimRow(EntryRow entry, boolean stillMapped) {

    static VictimRow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new VictimRow(EntryRow.map(rs, ctx), rs.getBoolean("still_mapped"));
    }
}
