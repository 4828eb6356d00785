package io.github.snapshotregistry.postgres;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.ExtensionContext;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * The handle of the operation the calling thread is running, for SQL Objects attached once per
 * registry. Jdbi's {@code Handle.attach} builds a proxy and, for every method of the interface, a
 * configuration copy and its resolved binders and mappers; attached here, that happens once, and
 * each call runs on the handle {@link #run} lends. The SQL Objects carry no annotation that
 * configures them (no {@code @RegisterRowMapper}, {@code @Define}...), so a call needs no context
 * of its own beyond the handle's configuration.
 */
final class CurrentHandle implements HandleSupplier {

    private final Jdbi jdbi;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    CurrentHandle(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A SQL Object whose calls run on the handle of the calling thread's operation. */
    <E> E attach(Class<E> table) {
        return jdbi.getConfig(Extensions.class).findFor(table, this)
                .orElseThrow(() -> new IllegalStateException("no Jdbi extension for " + table));
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

    @Override
    public Handle getHandle() {
        Handle handle = current.get();
        if (handle == null) {
            throw new IllegalStateException("a SQL Object was called outside of an operation");
        }
        return handle;
    }

    @Override
    public Jdbi getJdbi() {
        return jdbi;
    }

    @Override
    public ConfigRegistry getConfig() {
        Handle handle = current.get();
        return handle == null ? jdbi.getConfig() : handle.getConfig();
    }

    @Override
    public <V> V invokeInContext(ExtensionContext extensionContext, Callable<V> task) throws Exception {
        return task.call();
    }
}
