package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompiledSqlObjectTest {

    interface Names {
        @SqlUpdate("INSERT INTO names (name) VALUES (:name)")
        int insert(@Bind("name") String name);

        @SqlQuery("SELECT count(*) FROM names")
        long count();

        @SqlQuery("SELECT name FROM names WHERE name = :name")
        Optional<Name> find(@Bind("name") String name);

        default long insertAndCount(String name) {
            insert(name);
            return count();
        }
    }

    record Name(String value) {
    }

    /** What the row mapper of {@link Name} throws for a row named "MapperError". */
    static final class MapperError extends Error {
    }

    /** What the row mapper of {@link Name} throws for a row named "MapperException". */
    static final class MapperException extends RuntimeException {
    }

    /** Counts the statements its builder hands out and keeps those not given back yet. */
    static final class CountingBuilder extends DefaultStatementBuilder {
        int created;
        final List<Statement> open = new ArrayList<>();

        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext ctx) throws SQLException {
            PreparedStatement statement = super.create(connection, sql, ctx);
            created++;
            open.add(statement);
            return statement;
        }

        @Override
        public void close(Connection connection, String sql, Statement statement) throws SQLException {
            open.remove(statement);
            super.close(connection, sql, statement);
        }
    }

    @TempDir
    Path directory;
    private Jdbi jdbi;
    private Handle handle;
    private final CountingBuilder builder = new CountingBuilder();

    @BeforeEach
    void openDatabase() {
        jdbi = Jdbi.create("jdbc:sqlite:" + directory.resolve("names.db"));
        jdbi.registerRowMapper(Name.class, (rows, ctx) -> switch (rows.getString(1)) {
            case "MapperError" -> throw new MapperError();
            case "MapperException" -> throw new MapperException();
            default -> new Name(rows.getString(1));
        });
        handle = jdbi.open();
        handle.execute("CREATE TABLE names (name TEXT PRIMARY KEY)");
        handle.setStatementBuilder(builder);
    }

    @AfterEach
    void closeDatabase() {
        handle.close();
    }

    private <E> E attach(Class<E> table) {
        return CompiledSqlObject.attach(jdbi, table, () -> handle);
    }

    @Test
    void eachCallRunsOneStatementAndGivesItBackToTheBuilder() {
        Names names = attach(Names.class);

        assertEquals(1, names.insert("ada"));
        assertEquals(Optional.of(new Name("ada")), names.find("ada"));
        assertEquals(Optional.empty(), names.find("bob"));

        assertEquals(3, builder.created);
        assertEquals(List.of(), builder.open);
    }

    @Test
    void equalsHashCodeAndToStringAreAnsweredWithoutAStatement() {
        Names names = attach(Names.class);
        Names other = attach(Names.class);

        assertTrue(names.equals(names));
        assertFalse(names.equals(other));
        assertEquals(System.identityHashCode(names), names.hashCode());
        assertTrue(names.toString().contains(Names.class.getName()), names.toString());
        assertEquals(0, builder.created);
    }

    @ParameterizedTest
    @ValueSource(classes = {MapperError.class, MapperException.class})
    void aStatementIsGivenBackWhenTheRowMapperThrows(Class<? extends Throwable> thrown) {
        Names names = attach(Names.class);
        names.insert(thrown.getSimpleName());

        assertThrows(thrown, () -> names.find(thrown.getSimpleName()));

        assertEquals(2, builder.created);
        assertEquals(List.of(), builder.open);
    }

    @Test
    void aStatementTheDatabaseRefusesFailsWithItsCauseAndIsGivenBack() {
        Names names = attach(Names.class);
        names.insert("ada");

        UnableToExecuteStatementException refused =
                assertThrows(UnableToExecuteStatementException.class, () -> names.insert("ada"));

        assertInstanceOf(SQLException.class, refused.getCause());
        assertEquals(2, builder.created);
        assertEquals(List.of(), builder.open);
        assertEquals(1, names.count());
    }

    @Test
    void defaultMethodsRunAndCallTheStatements() {
        Names names = attach(Names.class);

        assertEquals(1, names.insertAndCount("ada"));
        assertEquals(2, names.insertAndCount("bob"));

        assertEquals(4, builder.created);
        assertEquals(List.of(), builder.open);
    }

    interface WithoutStatement {
        long count();
    }

    @Test
    void aMethodWithoutStatementOrBodyFailsAtItsFirstCallNamingIt() {
        WithoutStatement table = attach(WithoutStatement.class);

        UnsupportedOperationException failure = assertThrows(UnsupportedOperationException.class, table::count);

        assertTrue(failure.getMessage().contains(WithoutStatement.class.getName() + ".count()"), failure.getMessage());
        assertEquals(0, builder.created);
    }

    interface UnboundParameter {
        @SqlQuery("SELECT count(*) FROM names WHERE name = :name")
        long count(String name);
    }

    interface UnknownParameter {
        @SqlQuery("SELECT count(*) FROM names WHERE name = :name")
        long count(@Bind("name") String name, @Bind("other") String other);
    }

    interface UnsupportedParameter {
        @SqlQuery("SELECT count(*) FROM names WHERE name = :name")
        long count(@Bind("name") Set<String> name);
    }

    interface UnsupportedResult {
        @SqlQuery("SELECT name FROM names")
        Set<String> count();
    }

    @ParameterizedTest
    @ValueSource(classes = {UnboundParameter.class, UnknownParameter.class, UnsupportedParameter.class,
        UnsupportedResult.class})
    void aStatementOfAnUnsupportedShapeFailsAtAttachNamingIt(Class<?> table) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> attach(table));

        assertTrue(failure.getMessage().contains(table.getName() + ".count("), failure.getMessage());
    }
}
