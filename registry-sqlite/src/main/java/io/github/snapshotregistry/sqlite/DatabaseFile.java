package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;

/**
 * Makes a file ready to be a registry: decides what it holds without writing to it, then creates,
 * migrates or refuses it. Processes and threads doing this for one file take turns through a lock
 * on the sidecar file {@code <file>.lock} (never a Java lock on the database file, which would
 * break SQLite's own locks), so that concurrent first opens of a new file create its schema once.
 */
final class DatabaseFile {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> RUST_ORIGINAL_COLUMNS = List.of("key", "snapshot_id", "accessed_at");
    private static final ConcurrentMap<Path, ReentrantLock> PREPARING = new ConcurrentHashMap<>();

    /** What a file holds, as far as opening it is concerned. */
    enum Content { NOTHING, REGISTRY, RUST_ORIGINAL }

    private DatabaseFile() {}

    /**
     * Creates the schema of a new or empty file, migrates a registry of an older version, or
     * upgrades a file of the Rust original; leaves every other file byte-for-byte unchanged.
     *
     * @param file an absolute, normalized path
     * @throws RegistryException if the file or its folder cannot be written, the file is not SQLite,
     *     belongs to another application or has a newer schema; the message says which
     */
    static void prepare(Path file, Duration busyTimeout) {
        Path folder = file.getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw refused(file, "its folder " + folder + " cannot be created (" + e + ")", e);
        }
        if (!Files.isWritable(folder)) {
            throw refused(file, "its folder " + folder + " is not writable", null);
        }
        ReentrantLock inThisProcess = PREPARING.computeIfAbsent(lockKey(file), path -> new ReentrantLock());
        inThisProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Held until the channel closes, which releases it.
            channel.lock();
            Content content = classify(file, busyTimeout, true);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            Migrations.migrate(file, Database.dataSource(file, config), content == Content.RUST_ORIGINAL);
        } catch (IOException e) {
            throw refused(file, "its lock file " + lockFile(file) + " cannot be locked (" + e + ")", e);
        } finally {
            inThisProcess.unlock();
        }
    }

    /**
     * The file as this process's lock knows it: through the real path of its folder, so that two
     * paths to one file (a symbolic link on the way) take the same lock. Java refuses a second lock
     * on a lock file that one thread of the process already holds.
     */
    private static Path lockKey(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw refused(file, "its folder cannot be resolved (" + e + ")", e);
        }
    }

    private static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Tells what a file holds, reading it only; refuses files that must not be opened (to write
     * them too, if {@code toWrite}).
     */
    static Content classify(Path file, Duration busyTimeout, boolean toWrite) {
        if (!Files.exists(file)) {
            return Content.NOTHING;
        }
        if (Files.isDirectory(file)) {
            throw refused(file, "it is a directory, not a database file", null);
        }
        byte[] header = header(file);
        if (header.length == 0) {
            return Content.NOTHING;
        }
        if (!Arrays.equals(header, SQLITE_HEADER)) {
            throw refused(file, "it is not an SQLite database (it does not begin with the SQLite header)", null);
        }
        if (toWrite && !Files.isWritable(file)) {
            throw refused(file, "it is not writable", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        try (Handle handle = Database.jdbi(Database.dataSource(file, config)).open()) {
            Catalog catalog = handle.attach(Catalog.class);
            List<String> tables = catalog.tables();
            if (tables.contains(Migrations.HISTORY_TABLE)) {
                long version = catalog.schemaVersion().orElse(0L);
                if (version > Migrations.VERSION) {
                    throw refused(file, "its snapshot registry schema has version " + version
                            + ", newer than this library's " + Migrations.VERSION + "; upgrade the library", null);
                }
                return Content.REGISTRY;
            }
            if (tables.isEmpty()) {
                return Content.NOTHING;
            }
            if (tables.equals(List.of("snapshots")) && catalog.columns("snapshots").equals(RUST_ORIGINAL_COLUMNS)) {
                return Content.RUST_ORIGINAL;
            }
            throw refused(file, "it is not a snapshot registry database (found tables: "
                    + String.join(", ", tables) + ")", null);
        } catch (JdbiException e) {
            throw refused(file, "it cannot be read as an SQLite database (" + Database.reason(e) + ")", e);
        }
    }

    private static byte[] header(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SQLITE_HEADER.length);
        } catch (IOException e) {
            throw refused(file, "it cannot be read (" + e + ")", e);
        }
    }

    private static RegistryException refused(Path file, String why, Exception cause) {
        return new RegistryException("open failed on SQLite database " + file + ": " + why, cause);
    }
}
