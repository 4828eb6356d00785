package io.github.snapshotregistry.jdbi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
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
 * SQL Objects whose statements are resolved once per attachment instead of on every call. Jdbi's
 * own SQL Objects build, for every call, a statement with its copy of the configuration, look up a
 * binder for each argument and a mapper for the rows, and parse the SQL from a cache; these resolve
 * all of that once per method ({@link CompiledStatement}) and each call runs one prepared statement
 * on the connection of the handle the adapter names, created and closed by that handle's statement
 * builder. The SQL Objects carry no annotation that configures them (no {@code @RegisterRowMapper},
 * {@code @Define}...): only {@code @SqlQuery} or {@code @SqlUpdate} and {@code @Bind} on each
 * parameter; their {@code default} methods run as written, calling the others.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class CompiledSqlObject {

    /** The arguments of a call without parameters, which a proxy is handed as null. */
    private static final Object[] NO_ARGUMENTS = {};

    private CompiledSqlObject() {
    }

    /**
     * A SQL Object whose statements run on the handle {@code handle} answers at each call.
     *
     * @param jdbi the Jdbi whose SQL locator, parser and row mappers resolve the statements
     * @param table the SQL Object's interface
     * @param handle the handle of the operation running, for each call
     * @param <E> the SQL Object's type
     * @return the SQL Object
     * @throws IllegalStateException if a {@code @SqlQuery} or {@code @SqlUpdate} method cannot run here (a
     *     parameter without {@code @Bind} or not in its SQL, a type without setter or mapper); a method with
     *     neither annotation nor default body throws {@link UnsupportedOperationException} when it is called
     * @throws org.jdbi.v3.core.statement.UnableToExecuteStatementException from a method, if the database refuses its statement
     */
    public static <E> E attach(Jdbi jdbi, Class<E> table, Supplier<Handle> handle) {
        Map<Method, CompiledStatement> statements = new HashMap<>();
        for (Method method : table.getMethods()) {
            if (method.isAnnotationPresent(SqlQuery.class) || method.isAnnotationPresent(SqlUpdate.class)) {
                statements.put(method, CompiledStatement.of(jdbi, table, method));
            }
        }
        Map<Method, MethodHandle> defaults = new HashMap<>();
        E attached = table.cast(Proxy.newProxyInstance(table.getClassLoader(), new Class<?>[] {table},
                (proxy, method, given) -> {
                    Object[] arguments = given == null ? NO_ARGUMENTS : given;
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(table, proxy, method, arguments);
                    }
                    CompiledStatement statement = statements.get(method);
                    if (statement != null) {
                        return statement.run(handle.get(), arguments);
                    }
                    MethodHandle body = defaults.get(method);
                    if (body == null) {
                        throw new UnsupportedOperationException(
                                method + " has neither @SqlQuery nor @SqlUpdate nor a default body");
                    }
                    return body.invokeWithArguments(arguments);
                }));
        for (Method method : table.getMethods()) {
            if (method.isDefault() && !statements.containsKey(method)) {
                defaults.put(method, defaultBody(table, method).bindTo(attached));
            }
        }
        return attached;
    }

    /** {@code equals}, {@code hashCode} and {@code toString} of a SQL Object: by identity, and its interface's name. */
    private static Object objectMethod(Class<?> table, Object proxy, Method method, Object[] arguments) {
        return switch (method.getName()) {
            case "equals" -> proxy == arguments[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> table.getName() + " (compiled SQL Object)";
        };
    }

    /** The body of a default method, called on the SQL Object itself (as Jdbi's own SQL Objects do). */
    private static MethodHandle defaultBody(Class<?> table, Method method) {
        try {
            return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup())
                    .unreflectSpecial(method, method.getDeclaringClass());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(table + " does not let its default method " + method + " be called", e);
        }
    }
}
