package io.github.snapshotregistry.sqlite;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Prepares each SQL text once for the registry's long-lived connection and hands out the same
 * prepared statement every time it runs: SQLite parses and plans it once instead of once per
 * operation. Closing the result of a query resets the statement; the statements are closed with
 * the connection. Used by one thread at a time, as the connection is ({@link Storage}).
 */
final class CachedStatements implements StatementBuilder {

    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final Set<Statement> cached = Collections.newSetFromMap(new IdentityHashMap<>());

    @Override
    public Statement create(Connection connection, StatementContext ctx) throws SQLException {
        return connection.createStatement();
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
            cached.add(statement);
        }
        return statement;
    }

    @Override
    public CallableStatement createCall(Connection connection, String sql, StatementContext ctx) throws SQLException {
        return connection.prepareCall(sql);
    }

    /**
     * Keeps a cached statement for its next run (its parameters cleared); closes any other. Jdbi
     * names the statement here by its rendered SQL, not by the parsed SQL it was prepared from.
     * sqlite-jdbc finalizes a statement whose run failed (but for "busy", "locked", a constraint or
     * misuse), after which clearing its parameters fails: such a statement leaves the cache, so
     * that the next run of its SQL prepares it again instead of failing, a failed {@code ROLLBACK}
     * included (it would leave the write lock held).
     */
    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
        if (cached.contains(statement)) {
            try {
                ((PreparedStatement) statement).clearParameters();
                return;
            } catch (SQLException finalizedAfterAFailure) {
                cached.remove(statement);
                prepared.values().remove(statement);
            }
        }
        statement.close();
    }

    @Override
    public void close(Connection connection) {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException closedWithTheConnection) {
                // The connection closes every statement it still has: nothing is left open.
            }
        }
        prepared.clear();
        cached.clear();
    }
}
