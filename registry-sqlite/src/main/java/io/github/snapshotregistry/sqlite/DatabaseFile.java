package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.RegistryException;
import io.github.snapshotregistry.jdbi.StorageFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

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
    private static final int MAX_LINKS = 40;

    /** What a file holds, as far as opening it is concerned. */
    enum Content { NOTHING, REGISTRY, RUST_ORIGINAL }

    private DatabaseFile() {}

    /**
     * Creates the schema of a new or empty file, migrates a registry of an older version, or
     * upgrades a file of the Rust original; leaves every other file byte-for-byte unchanged, with
     * no lock file, WAL or shared-memory file beside it that was not there before.
     *
     * @param file an absolute, normalized path; a symbolic link is followed to the file it names
     * @throws RegistryException if the file or its folder cannot be written, the file is not SQLite,
     *     belongs to another application, has a newer schema or rows no registry could hold; the
     *     message says which
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
        Path real = resolve(file);
        Path lockFile = real.resolveSibling(real.getFileName() + ".lock");
        boolean lockFileExisted = Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS);
        ReentrantLock inThisProcess = PREPARING.computeIfAbsent(real, path -> new ReentrantLock());
        inThisProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Held until the channel closes, which releases it.
            channel.lock();
            Content content;
            try {
                content = classify(real, busyTimeout, true);
            } catch (RegistryException refusedFile) {
                // A refusal is lasting, so a process that waits on the deleted lock file refuses too.
                if (!lockFileExisted) {
                    Files.deleteIfExists(lockFile);
                }
                throw refusedFile;
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
            Migrations.migrate(real, Storage.dataSource(real, config), content == Content.RUST_ORIGINAL);
        } catch (IOException e) {
            throw refused(file, "its lock file " + lockFile + " cannot be locked (" + e + ")", e);
        } finally {
            inThisProcess.unlock();
        }
    }

    /**
     * The file that a path names, following symbolic links (to a file not created yet too), through
     * the real path of its folder: every path to one file gives the same answer, so that opening it
     * through a link takes the same locks. Java refuses a second lock on a lock file that one thread
     * of the process already holds, hence the process's own lock too.
     */
    private static Path resolve(Path file) {
        try {
            Path resolved = file;
            for (int links = 0; Files.isSymbolicLink(resolved); links++) {
                if (links == MAX_LINKS) {
                    throw refused(file, "it is a chain of more than " + MAX_LINKS + " symbolic links", null);
                }
                resolved = resolved.resolveSibling(Files.readSymbolicLink(resolved));
            }
            return resolved.getParent().toRealPath().resolve(resolved.getFileName());
        } catch (IOException e) {
            throw refused(file, "its real path cannot be resolved (" + e + ")", e);
        }
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
        try (Handle handle = Storage.jdbi(readingOnly(file, busyTimeout)).open()) {
            Catalog catalog = handle.attach(Catalog.class);
            List<String> tables = catalog.tables();
            if (tables.contains(Migrations.HISTORY_TABLE)) {
                Optional<MigrationVersion> newest = catalog.appliedVersions().stream()
                        .map(MigrationVersion::fromVersion)
                        .max(Comparator.naturalOrder());
                if (newest.isPresent() && newest.get().compareTo(MigrationVersion.fromVersion(
                        String.valueOf(Migrations.VERSION))) > 0) {
                    throw refused(file, "its snapshot registry schema has version " + newest.get()
                            + ", newer than this library's " + Migrations.VERSION
                            + "; a newer schema needs a newer library: upgrade the library", null);
                }
                return Content.REGISTRY;
            }
            if (tables.isEmpty()) {
                return Content.NOTHING;
            }
            if (tables.equals(List.of("snapshots")) && catalog.columns("snapshots").equals(RUST_ORIGINAL_COLUMNS)) {
                List<String> bad = toWrite ? handle.attach(RowChecks.class).rustOriginalProblems() : List.of();
                if (!bad.isEmpty()) {
                    throw refused(file, "it is a file of the Rust original with rows that no registry can hold"
                            + " (rule 1), so it is not adopted and left unchanged: " + String.join("; ", bad), null);
                }
                return Content.RUST_ORIGINAL;
            }
            throw refused(file, "it is not a snapshot registry database (found tables: "
                    + String.join(", ", tables) + ")", null);
        } catch (JdbiException e) {
            throw refused(file, "it cannot be read as an SQLite database (" + StorageFailure.reason(e) + ")", e);
        }
    }

    /**
     * A connection that reads the file without creating anything beside it. SQLite's read-only
     * connections to a file in WAL mode create its {@code -wal} and {@code -shm} files and leave
     * them; without a WAL there is nothing but the file to read, and {@code immutable} reads it
     * without them.
     */
    private static SQLiteDataSource readingOnly(Path file, Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        SQLiteDataSource dataSource = Storage.dataSource(file, config);
        if (!hasContent(wal)) {
            dataSource.setUrl(dataSource.getUrl() + "?immutable=1");
        }
        return dataSource;
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException absent) {
            return false;
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
