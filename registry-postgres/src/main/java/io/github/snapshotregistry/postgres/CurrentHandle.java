package io.github.snapshotregistry.postgres;

import io.github.snapshotregistry.jdbi.CompiledSqlObject;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The handle of the operation the calling thread is running, and SQL Objects attached once per
 * registry ({@link CompiledSqlObject}) that run on it.
 */
final class CurrentHandle {

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    CurrentHandle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A SQL Object whose calls run on the handle of the calling thread's operation. */
    <E> E attach(Class<E> table) {
        return CompiledSqlObject.attach(jdbi, table, this::handle);
    }

    /** Runs {@code body} with {@code handle} as the calling thread's current handle. */
    <T> T run(Handle handle, Supplier<T> body) {
        Handle outer = current.get();
        current.set(handle);
        try {
            return body.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    private Handle handle() {
        Handle handle = current.get();
        if (handle == null) {
            throw new IllegalStateException("a SQL Object was called outside of an operation");
        }
        return handle;
    }
}
