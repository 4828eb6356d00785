package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The subcommands that only look (and {@code reconcile} without flags) leave every registry file as
 * they found it, byte for byte, whatever its schema: the Rust original's, each earlier version of
 * this library's, the current one.
 */
class InspectingCommandsTest {

    @TempDir
    Path folder;

    /** The kinds of file, each made by a function of the folder. */
    enum Kind {
        RUST_ORIGINAL, VERSION_1, VERSION_2, CURRENT
    }

    static Stream<Arguments> everyLookOnEveryKindOfFile() {
        List<Arguments> cases = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (List<String> look : List.of(List.of("ls"), List.of("ls", "--hottest", "--limit", "1"),
                    List.of("get", "a"), List.of("stats"), List.of("pending"), List.of("doctor"),
                    List.of("--json", "doctor"), List.of("reconcile", "--store-dir", "STORE"))) {
                cases.add(Arguments.of(kind, look));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("everyLookOnEveryKindOfFile")
    void leavesTheFileByteForByteUnchanged(Kind kind, List<String> look) throws Exception {
        Path file = make(kind);
        Path store = Files.createDirectory(folder.resolve("store"));
        Files.createFile(store.resolve("vm-a"));
        Map<String, String> before = databaseAndWal(file);

        List<String> args = new ArrayList<>(List.of("--registry", "sqlite:" + file));
        look.forEach(arg -> args.add(arg.equals("STORE") ? store.toString() : arg));
        CliRun run = CliRun.run(args.toArray(String[]::new));

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(before, databaseAndWal(file), "the database and its -wal, byte for byte");
        if (kind == Kind.RUST_ORIGINAL) {
            assertEquals(List.of("snapshots"), RegistryFiles.tables(file), "the Rust original's table is still there");
        }
    }

    private Path make(Kind kind) throws SQLException {
        return switch (kind) {
            case RUST_ORIGINAL -> RegistryFiles.rustOriginal(folder);
            case VERSION_1 -> ofVersion(1);
            case VERSION_2 -> ofVersion(2);
            case CURRENT -> {
                Path file = RegistryFiles.standard(folder);
                RegistryFiles.put(file, "a", "vm-a");
                yield file;
            }
        };
    }

    /** A file of an earlier schema version, as that version of the library left it, with entries and a pending eviction. */
    private Path ofVersion(int version) throws SQLException {
        Path file = folder.resolve("version-" + version + ".db");
        Flyway.configure(InspectingCommandsTest.class.getClassLoader())
                .dataSource("jdbc:sqlite:" + file, null, null)
                .table("snapshot_registry_schema_history")
                .locations("classpath:io/github/snapshotregistry/sqlite/migration")
                .target(String.valueOf(version))
                .load()
                .migrate();
        RegistryFiles.execute(file, "INSERT INTO entry VALUES ('a', 'vm-a', 5, 1000, 1), ('b', 'vm-b', 7, 2000, 2)");
        RegistryFiles.execute(file, "UPDATE registry_state SET entry_count = 2, total_weight = 12");
        RegistryFiles.execute(file, "INSERT INTO pending_eviction (key, snapshot_id, weight, cause)"
                + " VALUES ('gone', 'vm-gone', 1, 'CAPACITY')");
        if (version >= 2) {
            RegistryFiles.execute(file, "UPDATE registry_state SET pending_count = 1");
        }
        return file;
    }

    /** The SHA-256 of a database and of its {@code -wal} if it has one: the files that hold its content. */
    private static Map<String, String> databaseAndWal(Path file) throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("database", sha256(file));
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        if (Files.exists(wal) && Files.size(wal) > 0) {
            hashes.put("wal", sha256(wal));
        }
        return hashes;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
