package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.RegistryException;
import java.sql.SQLException;

/**
 * The wording of storage failures (rule 10): {@code <operation> failed on <storage>: <reason>},
 * where the reason is the database's own message, never the statement and its arguments.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class StorageFailure {

    private StorageFailure() {
    }

    /**
     * A failure whose reason is the database's message.
     *
     * @param operation the registry operation that failed, e.g. {@code put}
     * @param storage the storage it failed on, e.g. {@code SQLite database /var/cache/reg.db}
     * @param failure what the database access threw
     * @return the exception to throw, with {@code failure} as its cause
     */
    public static RegistryException of(String operation, String storage, Throwable failure) {
        return of(operation, storage, reason(failure), failure);
    }

    /**
     * A failure with a reason of the adapter's own.
     *
     * @param operation the registry operation that failed
     * @param storage the storage it failed on
     * @param reason why it failed
     * @param failure what the database access threw
     * @return the exception to throw, with {@code failure} as its cause
     */
    public static RegistryException of(String operation, String storage, String reason, Throwable failure) {
        return new RegistryException(operation + " failed on " + storage + ": " + reason, failure);
    }

    /**
     * The database's message for a failure: that of the first {@link SQLException} among its causes,
     * else that of its root cause.
     *
     * @param failure what the database access threw
     * @return the message
     */
    public static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
