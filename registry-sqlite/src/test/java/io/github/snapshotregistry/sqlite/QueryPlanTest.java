package io.github.snapshotregistry.sqlite;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotId;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Every statement of the tables' SQL Objects, read from its annotation, is planned by SQLite without
 * a SCAN: it finds its rows through an index, so its cost does not grow with the table. The only
 * statements allowed to read every row are those whose purpose is to: listing, invalidating all, and
 * the operator's counts and checks.
 */
class QueryPlanTest {

    private static final Set<String> READ_EVERY_ROW = Set.of(
            "EntryTable.all",
            "CounterTable.countEntries", "CounterTable.sumWeights",
            "PendingEvictionTable.count", "PendingEvictionTable.all", "PendingEvictionTable.countMapped");

    /** A SCAN of a table or of a whole index; {@code SCAN CONSTANT ROW} is the one row of a bare SELECT. */
    private static final Pattern TABLE_SCAN = Pattern.compile("^SCAN (?!CONSTANT ROW$)", Pattern.MULTILINE);

    @TempDir
    Path folder;

    @Test
    void noHotPathStatementScansATable() {
        Path file = folder.resolve("registry.db");
        try (SqliteSnapshotRegistry registry = SqliteSnapshotRegistry.open(file, RegistryConfig.builder()
                .maxEntries(1_000)
                .evictionListener(eviction -> {
                    throw new IllegalStateException("kept pending");
                })
                .build())) {
            for (int i = 0; i < 1_200; i++) {
                registry.put("key " + i, SnapshotId.of("snapshot " + i));
            }
        }
        Map<String, String> plans = new TreeMap<>();
        try (Handle handle = Storage.jdbi(Storage.dataSource(file, new SQLiteConfig())).open()) {
            for (Method method : statements()) {
                plans.put(method.getDeclaringClass().getSimpleName() + "." + method.getName(), explain(handle, method));
            }
        }

        List<Executable> checks = new ArrayList<>();
        plans.forEach((statement, plan) -> {
            if (!READ_EVERY_ROW.contains(statement)) {
                checks.add(() -> assertFalse(TABLE_SCAN.matcher(plan).find(), statement + " scans:\n" + plan));
            }
        });
        checks.add(() -> assertEquals(READ_EVERY_ROW, plans.keySet().stream()
                .filter(READ_EVERY_ROW::contains).collect(Collectors.toSet()), "every exempt statement exists"));
        checks.add(() -> assertEquals(21, plans.size() - READ_EVERY_ROW.size(), "hot-path statements checked"));
        assertAll(checks);
    }

    private static List<Method> statements() {
        return Stream.of(EntryTable.class, CounterTable.class, PendingEvictionTable.class)
                .flatMap(table -> Stream.of(table.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(SqlQuery.class) || method.isAnnotationPresent(SqlUpdate.class))
                .toList();
    }

    private static String explain(Handle handle, Method method) {
        String sql = method.isAnnotationPresent(SqlQuery.class)
                ? method.getAnnotation(SqlQuery.class).value()
                : method.getAnnotation(SqlUpdate.class).value();
        Query query = handle.createQuery("EXPLAIN QUERY PLAN " + sql);
        for (Parameter parameter : method.getParameters()) {
            String name = parameter.getAnnotation(Bind.class).value();
            if (parameter.getType() == String.class) {
                query.bind(name, "CAPACITY");
            } else {
                query.bind(name, 500L);
            }
        }
        return query.map((rs, ctx) -> rs.getString("detail")).stream().collect(Collectors.joining("\n"));
    }
}
