package io.github.snapshotregistry.postgres;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.locator.AnnotationSqlLocator;
import org.jdbi.v3.sqlobject.locator.SqlLocator;

/**
 * The SQL of each SQL Object method with the schema written in, rendered once per method instead
 * of by a template engine on every call: {@code <schema>} becomes the quoted schema name and
 * {@code <accessSeq>} the recency sequence's name as a string literal (for {@code nextval}).
 */
final class RenderedSql implements SqlLocator {

    private final AnnotationSqlLocator annotations = new AnnotationSqlLocator();
    private final Map<Method, String> rendered = new ConcurrentHashMap<>();
    private final String schema;
    private final String accessSeq;

    /** @param schema the schema's name, as the user gave it */
    RenderedSql(String schema) {
        this.schema = '"' + schema.replace("\"", "\"\"") + '"';
        this.accessSeq = "'" + (this.schema + ".access_seq").replace("'", "''") + "'";
    }

    @Override
    public String locate(Class<?> sqlObjectType, Method method, ConfigRegistry config) {
        return rendered.computeIfAbsent(method, statement -> annotations.locate(sqlObjectType, statement, config)
                .replace("<schema>", schema)
                .replace("<accessSeq>", accessSeq));
    }
}
