package io.github.snapshotregistry.jdbi;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMappers;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;
import org.jdbi.v3.sqlobject.SqlObjects;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * One SQL Object method made ready once: its SQL located and parsed by the registry's {@link
 * Jdbi}, each {@code @Bind} parameter given its positions in the parsed SQL and a setter for its
 * type, and its rows given the mapper registered for its return type. A call then binds and runs
 * one JDBC prepared statement, which the handle's {@link StatementBuilder} creates on the handle's
 * connection and is given back to close; none of this is looked up again per call. Mappers are
 * called without a statement context: the adapters' row mappers read only the result set.
 */
final class CompiledStatement {

    private final String sql;
    private final int[][] positions;
    private final Setter[] setters;
    private final Answer answer;
    /** What the statement builder is handed, made from the first handle that runs the statement. */
    private volatile StatementContext context;

    private CompiledStatement(String sql, int[][] positions, Setter[] setters, Answer answer) {
        this.sql = sql;
        this.positions = positions;
        this.setters = setters;
        this.answer = answer;
    }

    /** Compiles {@code method} of the SQL Object {@code table}, as {@code jdbi} is configured. */
    static CompiledStatement of(Jdbi jdbi, Class<?> table, Method method) {
        String located = jdbi.getConfig(SqlObjects.class).getSqlLocator().locate(table, method, jdbi.getConfig());
        ParsedSql parsed = jdbi.getConfig(SqlStatements.class).getSqlParser().parse(located, null);
        List<String> names = parsed.getParameters().getParameterNames();
        Parameter[] parameters = method.getParameters();
        int[][] positions = new int[parameters.length][];
        Setter[] setters = new Setter[parameters.length];
        for (int p = 0; p < parameters.length; p++) {
            Bind bind = parameters[p].getAnnotation(Bind.class);
            if (bind == null) {
                throw new IllegalStateException(method + " has a parameter without @Bind (parameter " + (p + 1) + ")");
            }
            positions[p] = positionsOf(bind.value(), names, method);
            setters[p] = setterFor(parameters[p].getType(), method);
        }
        Answer answer = method.isAnnotationPresent(SqlUpdate.class)
                ? Answer.count(method.getReturnType())
                : Answer.rows(Rows.of(jdbi, method.getGenericReturnType(), method));
        return new CompiledStatement(parsed.getSql(), positions, setters, answer);
    }

    /**
     * Runs the statement on {@code handle}'s connection with {@code arguments}, in the method's
     * parameter order.
     *
     * @throws UnableToExecuteStatementException if the database refuses it, with the driver's
     *     exception as its cause
     */
    Object run(Handle handle, Object[] arguments) {
        StatementContext context = context(handle);
        StatementBuilder builder = handle.getStatementBuilder();
        Connection connection = handle.getConnection();
        PreparedStatement statement;
        try {
            statement = builder.create(connection, sql, context);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, context);
        }
        Object answered;
        try {
            answered = execute(statement, arguments);
        } catch (SQLException e) {
            UnableToExecuteStatementException refused = new UnableToExecuteStatementException(e, context);
            closeAfter(refused, builder, connection, statement);
            throw refused;
        } catch (RuntimeException | Error e) {
            closeAfter(e, builder, connection, statement);
            throw e;
        }
        try {
            builder.close(connection, sql, statement);
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, context);
        }
        return answered;
    }

    /**
     * Gives a statement whose run failed back to its builder (SQLite's resets or drops it), adding a
     * failure to close to {@code failure} as suppressed; the caller throws {@code failure}.
     */
    private void closeAfter(Throwable failure, StatementBuilder builder, Connection connection,
            PreparedStatement statement) {
        try {
            builder.close(connection, sql, statement);
        } catch (SQLException | RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }

    private Object execute(PreparedStatement statement, Object[] arguments) throws SQLException {
        for (int p = 0; p < setters.length; p++) {
            for (int position : positions[p]) {
                setters[p].set(statement, position, arguments[p]);
            }
        }
        return answer.of(statement);
    }

    /**
     * The context of a Jdbi statement of this SQL on {@code handle}, which the statement builders
     * read only for how to prepare (generated keys, updatable results: neither is used here).
     */
    private StatementContext context(Handle handle) {
        StatementContext made = context;
        if (made == null) {
            try (Update statement = handle.createUpdate(sql)) {
                made = statement.getContext();
            }
            context = made;
        }
        return made;
    }

    private static int[] positionsOf(String name, List<String> names, Method method) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                found.add(i + 1);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException(method + " binds :" + name + ", which its SQL does not use");
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Setter setterFor(Class<?> type, Method method) {
        if (type == long.class) {
            return (statement, position, value) -> statement.setLong(position, (Long) value);
        }
        if (type == int.class) {
            return (statement, position, value) -> statement.setInt(position, (Integer) value);
        }
        if (type == byte[].class) {
            return (statement, position, value) -> statement.setBytes(position, (byte[]) value);
        }
        if (type == String.class) {
            return (statement, position, value) -> statement.setString(position, (String) value);
        }
        if (type == long[].class) {
            return PreparedStatement::setObject;
        }
        throw new IllegalStateException(method + " binds a " + type.getName() + ", which has no setter here");
    }

    /** Sets one parameter of a prepared statement. */
    @FunctionalInterface
    private interface Setter {
        void set(PreparedStatement statement, int position, Object value) throws SQLException;
    }

    /** Runs a bound statement and makes what the call answers: its update count or its rows. */
    @FunctionalInterface
    private interface Answer {

        Object of(PreparedStatement statement) throws SQLException;

        /** An update's count, or nothing for a {@code void} method. */
        static Answer count(Class<?> type) {
            if (type == void.class) {
                return statement -> {
                    statement.executeUpdate();
                    return null;
                };
            }
            return PreparedStatement::executeUpdate;
        }

        /** A query's rows, read as {@code rows} says. */
        static Answer rows(Rows rows) {
            return statement -> {
                statement.execute();
                try (ResultSet results = statement.getResultSet()) {
                    return rows.of(results);
                }
            };
        }
    }

    /** What a query answers from its result set. */
    @FunctionalInterface
    private interface Rows {

        Object of(ResultSet rows) throws SQLException;

        /** A list of every row, an optional first row, or the first row (null if none). */
        static Rows of(Jdbi jdbi, Type type, Method method) {
            if (type instanceof ParameterizedType generic) {
                RowMapper<?> mapper = mapperFor(jdbi, generic.getActualTypeArguments()[0], method);
                if (generic.getRawType() == List.class) {
                    return rows -> {
                        List<Object> all = new ArrayList<>();
                        while (rows.next()) {
                            all.add(mapper.map(rows, null));
                        }
                        return all;
                    };
                }
                if (generic.getRawType() == Optional.class) {
                    return rows -> rows.next() ? Optional.of(mapper.map(rows, null)) : Optional.empty();
                }
                throw new IllegalStateException(method + " answers a " + type + ", which has no result here");
            }
            RowMapper<?> mapper = mapperFor(jdbi, type, method);
            return rows -> {
                if (rows.next()) {
                    return mapper.map(rows, null);
                }
                if (((Class<?>) type).isPrimitive()) {
                    throw new IllegalStateException(method + " found no row");
                }
                return null;
            };
        }

        private static RowMapper<?> mapperFor(Jdbi jdbi, Type type, Method method) {
            if (type == long.class || type == Long.class) {
                return (rows, ctx) -> rows.getLong(1);
            }
            if (type == int.class || type == Integer.class) {
                return (rows, ctx) -> rows.getInt(1);
            }
            if (type == boolean.class || type == Boolean.class) {
                return (rows, ctx) -> rows.getBoolean(1);
            }
            if (type == String.class) {
                return (rows, ctx) -> rows.getString(1);
            }
            return jdbi.getConfig(RowMappers.class).findFor(type)
                    .orElseThrow(() -> new IllegalStateException(method + " answers a " + type + ", which has no mapper"));
        }
    }
}
