package io.github.snapshotregistry.sqlite;

import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Transaction control as statements on a connection left in JDBC auto-commit mode. sqlite-jdbc's
 * own manual-commit mode opens the next transaction as soon as one commits, which with {@code
 * IMMEDIATE} would take the write lock again right after every commit; these statements take it
 * exactly once per operation.
 */
interface Transactions {

    /** Starts a write transaction, taking the database's write lock first. */
    @SqlUpdate("BEGIN IMMEDIATE")
    void beginWrite();

    /** Starts a read transaction: one consistent snapshot for several statements. */
    @SqlUpdate("BEGIN DEFERRED")
    void beginRead();

    @SqlUpdate("COMMIT")
    void commit();

    @SqlUpdate("ROLLBACK")
    void rollback();
}
