package io.github.snapshotregistry.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcPostgresLruTest {

    private final DataSource pool = EmbeddedPostgresServer.pool();

    @Test
    void anEvictedIdIsDeliveredAndItsOutboxRowDeletedByTheNextWrite() throws SQLException {
        try (JdbcPostgresLru floor = new JdbcPostgresLru(pool, 1, true)) {
            floor.request("a");
            floor.request("b");

            assertEquals(1, floor.delivered());
            assertEquals(List.of("a"), outboxKeys());

            floor.request("c");

            assertEquals(2, floor.delivered());
            assertEquals(List.of("b"), outboxKeys());
        }
    }

    @Test
    void anIdThatAnotherKeyStillMapsIsNotOffered() throws SQLException {
        try (JdbcPostgresLru floor = new JdbcPostgresLru(pool, 1, true)) {
            floor.request("a");
            execute("INSERT INTO jdbc_floor.entry VALUES ('other', 'snap-a', nextval('jdbc_floor.recency'))");

            floor.request("b");

            assertEquals(1, floor.evictions());
            assertEquals(0, floor.delivered());
            assertEquals(List.of(), outboxKeys());
        }
    }

    @Test
    void puttingAnIdAgainCancelsItsPendingRemoval() throws SQLException {
        try (JdbcPostgresLru floor = new JdbcPostgresLru(pool, 10, true)) {
            execute("INSERT INTO jdbc_floor.outbox (key, snapshot_id, cause) VALUES ('x', 'snap-x', 'CAPACITY')");

            floor.request("x");

            assertEquals(List.of(), outboxKeys());
        }
    }

    private List<String> outboxKeys() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key FROM jdbc_floor.outbox ORDER BY seq")) {
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
        }
        return keys;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
