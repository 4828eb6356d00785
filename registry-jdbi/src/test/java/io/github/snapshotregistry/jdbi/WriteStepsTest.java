package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The write steps' bookkeeping, over a dialect that keeps its rows in maps and records which
 * statements ran: the storage-agnostic rules, without a database (the adapters' suites run the same
 * steps over SQLite and PostgreSQL).
 */
class WriteStepsTest {

    private static final RegistryConfig CONFIG = RegistryConfig.builder()
            .maxEntries(3)
            .clock(InstantSource.fixed(Instant.ofEpochMilli(1_000)))
            .build();

    private final RecordingDialect dialect = new RecordingDialect();

    @Test
    void anIdThatTwoRemovedKeysMappedIsOfferedOnceByTheLaterAndNothingLeftIsNotAskedWhetherItMapsIt() {
        write(steps -> {
            steps.put("a", SnapshotId.of("shared"), 1);
            steps.put("b", SnapshotId.of("own"), 1);
            steps.put("c", SnapshotId.of("shared"), 1);
        });
        dialect.statements.clear();

        WriteSteps.Outcome<Integer> outcome = answer(steps -> steps.removeOldest(10, Long.MAX_VALUE, RemovalCause.EXPLICIT));

        assertEquals(List.of(
                new Eviction("b", SnapshotId.of("own"), 1, RemovalCause.EXPLICIT),
                new Eviction("c", SnapshotId.of("shared"), 1, RemovalCause.EXPLICIT)),
                outcome.removals().stream().map(PendingRow::eviction).toList());
        assertEquals(0, dialect.statements.stream().filter(statement -> statement.startsWith("maps")).count(),
                "no entry is left to map an id: " + dialect.statements);
        assertEquals(new CounterRow(0, 0, 2), dialect.counters);
    }

    @Test
    void aRemovalWhoseIdAnotherKeyStillMapsIsNotOffered() {
        write(steps -> {
            steps.put("a", SnapshotId.of("shared"), 1);
            steps.put("b", SnapshotId.of("shared"), 1);
        });

        WriteSteps.Outcome<Void> outcome = write(steps -> steps.remove(steps.find("a").orElseThrow(), RemovalCause.EXPLICIT));

        assertEquals(List.of(), outcome.removals());
        assertEquals(new CounterRow(1, 1, 0), dialect.counters);
    }

    @Test
    void evictionTakesTheLeastRecentlyUsedUntilTheBoundHoldsAndCountsIt() {
        WriteSteps.Outcome<Void> outcome = write(steps -> {
            for (String key : List.of("a", "b", "c", "d", "e")) {
                steps.put(key, SnapshotId.of("id-" + key), 2);
                steps.evictToBounds();
            }
        });

        assertEquals(List.of("a", "b"), outcome.removals().stream().map(row -> row.eviction().key()).toList());
        assertEquals(2, outcome.evictedCount());
        assertEquals(4, outcome.evictedWeight());
        assertEquals(new CounterRow(3, 6, 2), dialect.counters);
    }

    @Test
    void puttingAnIdAgainCancelsItsPendingRemovalThisWritesOwnIncluded() {
        WriteSteps.Outcome<Void> outcome = write(steps -> {
            steps.put("a", SnapshotId.of("x"), 1);
            steps.put("a", SnapshotId.of("y"), 1);
            steps.put("b", SnapshotId.of("x"), 1);
        });

        assertEquals(List.of(), outcome.removals());
        assertEquals(Map.of(), dialect.outbox);
        assertEquals(new CounterRow(2, 2, 0), dialect.counters);
    }

    @Test
    void aWriteThatChangesNoCounterNeitherReadsNorWritesThem() {
        write(steps -> steps.put("a", SnapshotId.of("x"), 1));
        dialect.statements.clear();

        answer(steps -> steps.find("missing"));

        assertEquals(List.of("find"), dialect.statements);
    }

    @Test
    void aFoldingDialectPutsAndEvictsInOneStatementEachAndAcknowledgesWhileReadingTheCounters() {
        FoldingDialect folding = new FoldingDialect();
        for (String key : List.of("a", "b", "c", "d")) {
            write(folding, steps -> steps.store(key, SnapshotId.of("id-" + key), 1));
        }
        PendingRow delivered = folding.outbox.values().iterator().next();
        folding.statements.clear();

        WriteSteps.Outcome<Void> outcome = write(folding, steps -> {
            steps.acknowledge(List.of(delivered));
            steps.store("e", SnapshotId.of("id-e"), 1);
        });

        assertEquals(List.of("acknowledgeReadingCounters", "upsert", "evictLeastRecentlyUsed"), folding.statements,
                "one entry in, one out, one removal acknowledged and one offered: the counters row is unchanged");
        assertEquals(List.of(new Eviction("b", SnapshotId.of("id-b"), 1, RemovalCause.CAPACITY)),
                outcome.removals().stream().map(PendingRow::eviction).toList());
        assertEquals(new CounterRow(3, 3, 1), folding.counters);
        assertEquals(1, folding.outbox.size());
    }

    @Test
    void aFoldingDialectsCancelledRowsLeaveThePendingCount() {
        FoldingDialect folding = new FoldingDialect();
        for (String key : List.of("a", "b", "c", "d")) {
            write(folding, steps -> steps.store(key, SnapshotId.of("id-" + key), 1));
        }

        write(folding, steps -> steps.store("a", SnapshotId.of("id-a"), 1));

        assertEquals(new CounterRow(3, 3, 1), folding.counters, "id-a's removal cancelled, id-b's offered");
        assertEquals(List.of("id-b"), folding.outbox.values().stream()
                .map(row -> row.eviction().snapshotId().value()).toList());
    }

    /** One write whose steps answer a value. */
    private <T> WriteSteps.Outcome<T> answer(Function<WriteSteps, T> body) {
        WriteSteps steps = new WriteSteps(dialect, CONFIG, Expiry.of(CONFIG));
        return steps.commit("test", body.apply(steps));
    }

    /** One write whose steps answer nothing. */
    private WriteSteps.Outcome<Void> write(Consumer<WriteSteps> body) {
        return write(dialect, body);
    }

    private static WriteSteps.Outcome<Void> write(WriteDialect on, Consumer<WriteSteps> body) {
        WriteSteps steps = new WriteSteps(on, CONFIG, Expiry.of(CONFIG));
        body.accept(steps);
        return steps.commit("test", null);
    }

    /**
     * A dialect that folds as PostgreSQL's does: a put with its cancel, an eviction with its offer,
     * and the acknowledgements with the counters read are one statement each.
     */
    private static final class FoldingDialect extends RecordingDialect {

        @Override
        public Upserted upsert(String key, String snapshotId, long weight, long lastAccess, boolean cancel) {
            List<String> outer = List.copyOf(statements);
            Upserted upserted = super.upsert(key, snapshotId, weight, lastAccess, true);
            statements.clear();
            statements.addAll(outer);
            statements.add("upsert");
            return upserted;
        }

        @Override
        public Optional<Evicted> evictLeastRecentlyUsed() {
            List<String> outer = List.copyOf(statements);
            Optional<Evicted> evicted = super.evictLeastRecentlyUsed();
            statements.clear();
            statements.addAll(outer);
            statements.add("evictLeastRecentlyUsed");
            return evicted;
        }

        @Override
        public Optional<Acknowledged> acknowledgeReadingCounters(List<PendingRow> accepted) {
            statements.add("acknowledgeReadingCounters");
            int deleted = (int) accepted.stream().filter(row -> outbox.remove(row.seq()) != null).count();
            return Optional.of(new Acknowledged(counters, deleted));
        }
    }

    /** A dialect over maps; it records the name of every statement it runs. */
    private static class RecordingDialect implements WriteDialect, EntryStatements, OutboxStatements,
            CounterStatements {

        final List<String> statements = new ArrayList<>();
        final Map<String, EntryRow> entries = new HashMap<>();
        final Map<Long, PendingRow> outbox = new HashMap<>();
        CounterRow counters = new CounterRow(0, 0, 0);
        long lastAccessSeq;
        long lastSeq;

        @Override
        public EntryStatements entries() {
            return this;
        }

        @Override
        public OutboxStatements outbox() {
            return this;
        }

        @Override
        public CounterStatements counters() {
            return this;
        }

        @Override
        public Optional<EntryRow> find(String key) {
            statements.add("find");
            return Optional.ofNullable(entries.get(key));
        }

        @Override
        public String touchUnexpired(String key, long lastAccess, long cutoff) {
            statements.add("touchUnexpired");
            EntryRow row = entries.get(key);
            if (row == null || row.lastAccess() <= cutoff) {
                return null;
            }
            entries.put(key, new EntryRow(key, row.snapshotId(), row.weight(), lastAccess, ++lastAccessSeq));
            return row.snapshotId().value();
        }

        @Override
        public int insertIfAbsent(String key, String snapshotId, long weight, long lastAccess) {
            statements.add("insertIfAbsent");
            if (entries.containsKey(key)) {
                return 0;
            }
            entries.put(key, new EntryRow(key, SnapshotId.of(snapshotId), weight, lastAccess, ++lastAccessSeq));
            return 1;
        }

        @Override
        public EntryRow replace(String key, String snapshotId, long weight, long lastAccess) {
            statements.add("replace");
            return entries.put(key, new EntryRow(key, SnapshotId.of(snapshotId), weight, lastAccess, ++lastAccessSeq));
        }

        @Override
        public void delete(String key) {
            statements.add("delete");
            entries.remove(key);
        }

        @Override
        public List<EntryRow> deleteExpired(long cutoff) {
            statements.add("deleteExpired");
            List<EntryRow> expired = entries.values().stream().filter(row -> row.lastAccess() <= cutoff).toList();
            expired.forEach(row -> entries.remove(row.key()));
            return expired;
        }

        @Override
        public Optional<VictimRow> deleteLeastRecentlyUsed() {
            statements.add("deleteLeastRecentlyUsed");
            Optional<EntryRow> oldest = entries.values().stream().min(Comparator.comparingLong(EntryRow::accessSeq));
            oldest.ifPresent(row -> entries.remove(row.key()));
            return oldest.map(row -> new VictimRow(row, mapped(row.snapshotId().value())));
        }

        @Override
        public List<EntryRow> deleteOldest(long through, int limit) {
            statements.add("deleteOldest");
            List<EntryRow> oldest = entries.values().stream()
                    .filter(row -> row.accessSeq() <= through)
                    .sorted(Comparator.comparingLong(EntryRow::accessSeq).reversed())
                    .limit(limit)
                    .toList();
            oldest.forEach(row -> entries.remove(row.key()));
            return oldest;
        }

        @Override
        public boolean maps(String snapshotId) {
            statements.add("maps");
            return mapped(snapshotId);
        }

        private boolean mapped(String snapshotId) {
            return entries.values().stream().anyMatch(row -> row.snapshotId().value().equals(snapshotId));
        }

        @Override
        public long insert(String key, String snapshotId, long weight, String cause) {
            statements.add("insert");
            long seq = ++lastSeq;
            outbox.put(seq, new PendingRow(seq,
                    new Eviction(key, SnapshotId.of(snapshotId), weight, RemovalCause.valueOf(cause))));
            return seq;
        }

        @Override
        public int cancel(String snapshotId) {
            statements.add("cancel");
            int before = outbox.size();
            outbox.values().removeIf(row -> row.eviction().snapshotId().value().equals(snapshotId));
            return before - outbox.size();
        }

        @Override
        public int delete(long seq, String snapshotId) {
            statements.add("delete outbox");
            return outbox.remove(seq) == null ? 0 : 1;
        }

        @Override
        public CounterRow read() {
            statements.add("read");
            return counters;
        }

        @Override
        public void update(long entryCount, long totalWeight, long pendingCount) {
            statements.add("update");
            counters = new CounterRow(entryCount, totalWeight, pendingCount);
        }
    }
}
