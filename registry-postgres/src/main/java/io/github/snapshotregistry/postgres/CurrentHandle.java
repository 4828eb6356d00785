package io.github.snapshotregistry.postgres;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The handle of the operation the calling thread is running, and SQL Objects attached once per
 * registry that run on it. Jdbi's own SQL Objects build, for every call, a statement with its copy
 * of the configuration, look up a binder for each argument and a mapper for the rows, and parse
 * the SQL from a cache; these resolve all of that once per method ({@link CompiledStatement}) and
 * each call runs one prepared statement on the connection of the handle that {@link #run} lends.
 * The SQL Objects carry no annotation that configures them (no {@code @RegisterRowMapper}, {@code
 * @Define}...): only {@code @SqlQuery} or {@code @SqlUpdate} and {@code @Bind} on each parameter.
 */
final class CurrentHandle {

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    CurrentHandle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A SQL Object whose calls run on the handle of the calling thread's operation. */
    <E> E attach(Class<E> table) {
        Map<Method, CompiledStatement> statements = new HashMap<>();
        for (Method method : table.getDeclaredMethods()) {
            if (method.isAnnotationPresent(SqlQuery.class) || method.isAnnotationPresent(SqlUpdate.class)) {
                statements.put(method, CompiledStatement.of(jdbi, table, method));
            }
        }
        return table.cast(Proxy.newProxyInstance(table.getClassLoader(), new Class<?>[] {table},
                (proxy, method, arguments) -> {
                    CompiledStatement statement = statements.get(method);
                    if (statement == null) {
                        throw new UnsupportedOperationException(method + " is not a statement");
                    }
                    return statement.run(handle().getConnection(), arguments == null ? new Object[0] : arguments);
                }));
    }

    /** Runs {@code body} with {@code handle} as the calling thread's current handle. */
    <T> T run(Handle handle, Supplier<T> body) {
        Handle outer = current.get();
        current.set(handle);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    private Handle handle() {
        Handle handle = current.get();
        if (handle == null) {
            throw new IllegalStateException("a SQL Object was called outside of an operation");
        }
        return handle;
    }
}
