package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryConfig;
import io.github.snapshotregistry.SnapshotRegistry;
import io.github.snapshotregistry.tck.SnapshotRegistryContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole contract on SQLite: every registry the kit creates gets a new file; rule 8 reopens the
 * last file, rule 9 opens a second registry on it while the first is still open, and the provider
 * check opens a new file by its {@code sqlite:} URI.
 */
class SqliteSnapshotRegistryTest extends SnapshotRegistryContract {

    @TempDir
    Path folder;

    private Path last;
    private int files;

    @Override
    protected SnapshotRegistry create(RegistryConfig config) {
        last = folder.resolve("registry-" + ++files + ".db");
        return SqliteSnapshotRegistry.open(last, config);
    }

    @Override
    protected SnapshotRegistry reopen(RegistryConfig config) {
        return SqliteSnapshotRegistry.open(last, config);
    }

    @Override
    protected SnapshotRegistry openShared(RegistryConfig config) {
        return SqliteSnapshotRegistry.open(last, config);
    }

    @Override
    protected String registryUri() {
        return "sqlite:" + folder.resolve("by-uri-" + ++files + ".db");
    }
}
