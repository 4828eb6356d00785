package io.github.snapshotregistry.postgres;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every statement of the SQL Objects, read from their annotations, is planned without a sequential
 * scan: each finds its rows through an index, so no operation's cost grows with the table.
 */
class QueryPlanTest {

    @Test
    void noStatementScansATable() {
        EmbeddedDatabase database = EmbeddedDatabase.create();
        try (PostgresSnapshotRegistry registry = PostgresSnapshotRegistry.open(
                database.dataSource(), RegistryConfig.builder().maxEntries(1_000).build())) {
            for (int i = 0; i < 200; i++) {
                registry.put("key " + i, SnapshotId.of("snapshot " + i));
            }
        }
        Jdbi jdbi = Jdbi.create(database.dataSource()).define("schema", "snapshot_registry")
                .define("accessSeq", "'snapshot_registry.access_seq'");
        List<Executable> checks = new ArrayList<>();
        try (Handle handle = jdbi.open()) {
            handle.execute("ANALYZE");
            handle.execute("SET enable_seqscan = off");
            for (Method method : statements()) {
                String plan = explain(handle, method);
                checks.add(() -> assertFalse(plan.contains("Seq Scan"),
                        method.getDeclaringClass().getSimpleName() + "." + method.getName()
                                + " scans a table:\n" + plan));
            }
        }
        assertTrue(checks.size() >= 20, "expected every statement to be planned, found " + checks.size());
        assertAll(checks);
    }

    private static List<Method> statements() {
        return Stream.of(EntryTable.class, RegistryTable.class, PendingEvictionTable.class)
                .flatMap(table -> Stream.of(table.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(SqlQuery.class)
                        || method.isAnnotationPresent(SqlUpdate.class))
                .toList();
    }

    private static String explain(Handle handle, Method method) {
        String sql = method.isAnnotationPresent(SqlQuery.class)
                ? method.getAnnotation(SqlQuery.class).value()
                : method.getAnnotation(SqlUpdate.class).value();
        Query query = handle.createQuery("EXPLAIN " + sql);
        for (Parameter parameter : method.getParameters()) {
            String name = parameter.getAnnotation(Bind.class).value();
            Class<?> type = parameter.getType();
            if (type == long.class) {
                query.bind(name, 1L);
            } else if (type == int.class) {
                query.bind(name, 1);
            } else if (type == byte[].class) {
                query.bind(name, new byte[] {'k'});
            } else if (type == long[].class) {
                query.bind(name, new long[] {1L});
            } else {
                query.bind(name, "CAPACITY");
            }
        }
        return query.mapTo(String.class).stream().collect(Collectors.joining("\n"));
    }
}
