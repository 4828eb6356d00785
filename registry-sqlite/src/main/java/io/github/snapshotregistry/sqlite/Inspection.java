package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.StorageSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Opens a registry file only to read it, whatever schema version of this library or of the Rust
 * original it has, and tells which version that is.
 */
final class Inspection {

    private static final String RUST_ORIGINAL_TABLE = "snapshots";

    private Inspection() {}

    /**
     * Opens a read-only connection to a registry file that exists, reading an older schema through
     * {@link OlderSchemas}' views.
     *
     * @param file an absolute, normalized path
     * @throws RegistryException if the file is missing, empty, not SQLite, of another application
     *     or of a newer schema; the message says which
     */
    static Storage open(Path file, Duration busyTimeout) {
        if (!Files.exists(file)) {
            throw refused(file, "there is no such file");
        }
        if (isEmpty(file) || DatabaseFile.classify(file, busyTimeout, false) == DatabaseFile.Content.NOTHING) {
            throw refused(file, "it is empty: no registry has been stored in it yet");
        }
        Storage storage = Storage.openReadOnly(file, busyTimeout);
        try {
            storage.statement("inspect", () -> {
                readAsCurrent(storage);
                return null;
            });
        } catch (RuntimeException | Error e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    /** The schema the file has; called while holding the connection. */
    static StorageSchema schema(Catalog catalog) {
        String current = String.valueOf(Migrations.VERSION);
        List<String> tables = catalog.tables();
        long version = tables.contains(Migrations.HISTORY_TABLE) ? catalog.schemaVersion().orElse(0L) : 0L;
        if (version == 0 && tables.contains(RUST_ORIGINAL_TABLE)) {
            return new StorageSchema("0", "the Rust original's snapshots table", current);
        }
        String description = catalog.schemaDescription(version).orElse("no description");
        return new StorageSchema(String.valueOf(version),
                "snapshot registry schema version " + version + " (" + description + ")", current);
    }

    private static void readAsCurrent(Storage storage) {
        OlderSchemas views = storage.attach(OlderSchemas.class);
        String found = schema(storage.catalog()).found();
        if (found.equals("0")) {
            views.rustOriginalEntries();
            views.rustOriginalCounters();
            views.rustOriginalOutbox();
        } else if (found.equals("1")) {
            views.versionOneCounters();
        }
    }

    private static boolean isEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == 0;
        } catch (IOException e) {
            throw new RegistryException(
                    "inspect failed on SQLite database " + file + ": it cannot be read (" + e + ")", e);
        }
    }

    private static RegistryException refused(Path file, String why) {
        return new RegistryException("inspect failed on SQLite database " + file + ": " + why);
    }
}
