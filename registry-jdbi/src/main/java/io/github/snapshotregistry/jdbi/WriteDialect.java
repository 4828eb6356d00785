package io.github.snapshotregistry.jdbi;

/**
 * What an adapter supplies to {@link WriteSteps}: its statements on the entries table, the outbox
 * and the counters row, all on the connection of the write transaction under way. An adapter for
 * another database (MySQL, H2...) implements these three interfaces, typically as Jdbi SQL Objects,
 * and runs each write operation as: begin its transaction and take its lock, create the {@link
 * WriteSteps}, run the steps, {@link WriteSteps#commit}, commit its transaction, then deliver the
 * outcome's removals.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface WriteDialect {

    /**
     * The entries table's statements.
     *
     * @return them, on the write's connection
     */
    EntryStatements entries();

    /**
     * The outbox's statements.
     *
     * @return them, on the write's connection
     */
    OutboxStatements outbox();

    /**
     * The counters row's statements.
     *
     * @return them, on the write's connection
     */
    CounterStatements counters();
}
