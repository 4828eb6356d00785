package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.RegistryException;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.extension.ExtensionCallback;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * One registry's rows in the database: runs each operation on a connection borrowed from the
 * caller's DataSource for that operation only, and turns every database failure into a {@link
 * RegistryException} naming the operation and the database.
 */
final class Storage {

    private final Jdbi jdbi;
    private final long registry;
    private final String description;
    private final RegistryConfig config;
    private final long leaseMillis;

    Storage(Jdbi jdbi, long registry, String description, RegistryConfig config, long leaseMillis) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.description = description;
        this.config = config;
        this.leaseMillis = leaseMillis;
    }

    long registry() {
        return registry;
    }

    long leaseMillis() {
        return leaseMillis;
    }

    /** Runs a write operation in one transaction that holds the registry's lock. */
    <T> WriteTransaction.Outcome<T> write(String operation, Function<WriteTransaction, T> body) {
        return call(operation, () -> jdbi.inTransaction(handle -> {
            WriteTransaction transaction = new WriteTransaction(handle, registry, config, leaseMillis);
            return transaction.commit(body.apply(transaction));
        }));
    }

    /** Runs one read or one autocommitted statement on a table. */
    <T, E> T on(String operation, Class<E> table, ExtensionCallback<T, E, RuntimeException> body) {
        return call(operation, () -> jdbi.withExtension(table, body));
    }

    /** Runs several reads on one consistent snapshot of the database. */
    <T> T snapshot(String operation, HandleCallback<T, RuntimeException> body) {
        return call(operation, () -> jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, body));
    }

    private <T> T call(String operation, Supplier<T> body) {
        try {
            return body.get();
        } catch (JdbiException e) {
            throw failure(operation, description, e);
        }
    }

    /** A storage failure, with the database's own message rather than the statement and its arguments. */
    static RegistryException failure(String operation, String description, Exception e) {
        Throwable reason = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                reason = cause;
                break;
            }
        }
        return new RegistryException(operation + " failed on " + description + ": " + reason.getMessage(), e);
    }
}
