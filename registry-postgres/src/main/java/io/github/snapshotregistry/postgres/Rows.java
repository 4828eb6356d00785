package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import io.github.snapshotregistry.jdbi.CounterRow;
import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.jdbi.PendingRow;
import io.github.snapshotregistry.jdbi.VictimRow;
import io.github.snapshotregistry.jdbi.WriteDialect.Acknowledged;
import io.github.snapshotregistry.jdbi.WriteDialect.Evicted;
import io.github.snapshotregistry.jdbi.WriteDialect.Upserted;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The row mappers, registered once per {@link Jdbi}: keys and snapshot ids are stored as UTF-8
 * bytes, so that NUL and any other character survive whatever the server's encoding.
 */
final class Rows {

    private Rows() {
    }

    static Jdbi register(Jdbi jdbi) {
        return jdbi.registerRowMapper(EntryRow.class, (rs, ctx) -> entry(rs, ""))
                .registerRowMapper(PendingRow.class, (rs, ctx) -> pending(rs))
                .registerRowMapper(CounterRow.class, (rs, ctx) -> counters(rs))
                .registerRowMapper(Acknowledged.class, (rs, ctx) -> new Acknowledged(counters(rs), rs.getInt("acknowledged")))
                .registerRowMapper(Upserted.class, (rs, ctx) -> new Upserted(
                        rs.getBytes("old_key") == null ? Optional.empty() : Optional.of(entry(rs, "old_")),
                        rs.getInt("cancelled")))
                .registerRowMapper(VictimRow.class, (rs, ctx) -> new VictimRow(entry(rs, ""), rs.getBoolean("still_mapped")))
                .registerRowMapper(Evicted.class, (rs, ctx) -> new Evicted(entry(rs, ""), rs.getLong("seq")))
                .registerRowMapper(EntryTable.Access.class, EntryTable.Access::map);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** An entry from the columns {@link EntryTable#COLUMNS}, each name after {@code prefix}. */
    private static EntryRow entry(ResultSet rs, String prefix) throws SQLException {
        return new EntryRow(text(rs.getBytes(prefix + "key")), SnapshotId.of(text(rs.getBytes(prefix + "snapshot_id"))),
                rs.getLong(prefix + "weight"), rs.getLong(prefix + "last_access"), rs.getLong(prefix + "access_seq"));
    }

    private static PendingRow pending(ResultSet rs) throws SQLException {
        return new PendingRow(rs.getLong("seq"), new Eviction(text(rs.getBytes("key")),
                SnapshotId.of(text(rs.getBytes("snapshot_id"))), rs.getLong("weight"),
                RemovalCause.valueOf(rs.getString("cause"))));
    }

    private static CounterRow counters(ResultSet rs) throws SQLException {
        return new CounterRow(rs.getLong("entry_count"), rs.getLong("total_weight"), rs.getLong("pending_count"));
    }
}
