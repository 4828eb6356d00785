package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors (exit 2) and store errors (exit 3): one line on the error stream, nothing on the output, nothing changed. */
class CommandLineErrorsTest {

    @TempDir
    Path folder;

    private static void assertOneLineError(int exitCode, String expectedPart, CliRun run) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("snapshot-registry: "), run::toString);
        assertTrue(run.err().contains(expectedPart), () -> "expected '" + expectedPart + "' in " + run);
    }

    @Test
    void aSubcommandIsRequired() {
        assertOneLineError(2, "a subcommand is required: ls, get, stats, rm, clean, pending, retry, doctor, reconcile or backup",
                CliRun.run("--registry", "memory:"));
    }

    @Test
    void theRegistryIsRequired() {
        assertOneLineError(2, "--registry URI is required", CliRun.run("stats"));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertOneLineError(2, "Unknown option: '--colour'", CliRun.run("--registry", "memory:", "ls", "--colour"));
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertOneLineError(2, "Unmatched argument", CliRun.run("--registry", "memory:", "list"));
    }

    @Test
    void anUnknownSchemeListsTheSchemesOnTheClasspath() {
        assertOneLineError(2, "no registry adapter for scheme 'redis' on the classpath (schemes found: memory, postgresql, sqlite)",
                CliRun.run("--registry", "redis://localhost", "stats"));
    }

    @Test
    void aUriWithoutSchemeSaysWhatIsExpected() {
        assertOneLineError(2, "has no scheme: expected scheme:location",
                CliRun.run("--registry", "/var/cache/registry.db", "stats"));
    }

    @Test
    void aLocationTheAdapterFindsMalformedIsAUsageError() {
        assertOneLineError(2, "a memory registry takes no location", CliRun.run("--registry", "memory:x", "stats"));
    }

    @Test
    void aPostgresqlUriIsNeverEchoedWithItsParameters() {
        CliRun run = CliRun.run("--registry", "postgresql:host/db?password=secret", "stats");

        assertOneLineError(2, "postgresql://host[:port]/database", run);
        assertTrue(!run.err().contains("secret"), run::toString);
    }

    @Test
    void badNumbersAreUsageErrors() {
        assertOneLineError(2, "--limit must not be negative, was -1", CliRun.run("--registry", "memory:", "ls", "--limit", "-1"));
        assertOneLineError(2, "--max-entries must be at least 1, was 0",
                CliRun.run("--registry", "memory:", "stats", "--max-entries", "0"));
        assertOneLineError(2, "--max-weight must be at least 1, was -5",
                CliRun.run("--registry", "memory:", "stats", "--max-weight", "-5"));
        assertOneLineError(2, "Invalid value for option '--limit'", CliRun.run("--registry", "memory:", "ls", "--limit", "ten"));
    }

    @Test
    void anInvalidKeyIsAUsageError() {
        assertOneLineError(2, "KEY: key must not be empty", CliRun.run("--registry", "memory:", "get", ""));
        assertOneLineError(2, "KEY: key must be at most 2048 chars, was 2049",
                CliRun.run("--registry", "memory:", "rm", "k".repeat(2049), "--keep-pending"));
        assertOneLineError(2, "Missing required parameter: 'KEY'", CliRun.run("--registry", "memory:", "get"));
    }

    @Test
    void aMissingSqliteFileIsAStoreErrorAndIsNotCreated() {
        Path missing = folder.resolve("typo.db");

        assertOneLineError(3, "SQLite database " + missing + ": there is no such file",
                CliRun.run("--registry", "sqlite:" + missing, "ls"));
        assertTrue(Files.notExists(missing));
    }

    @Test
    void aFileThatIsNotSqliteIsAStoreErrorAndIsLeftUnchanged() throws IOException {
        Path garbage = RegistryFiles.garbage(folder);
        byte[] before = Files.readAllBytes(garbage);

        assertOneLineError(3, "it is not an SQLite database", CliRun.run("--registry", "sqlite:" + garbage, "stats"));
        assertArrayEquals(before, Files.readAllBytes(garbage));
    }

    @Test
    void anotherApplicationsDatabaseIsAStoreErrorAndIsLeftUnchanged() throws SQLException, IOException {
        Path foreign = RegistryFiles.foreign(folder);
        byte[] before = Files.readAllBytes(foreign);

        for (String subcommand : List.of("ls", "doctor")) {
            assertOneLineError(3, "it is not a snapshot registry database (found tables: users)",
                    CliRun.run("--registry", "sqlite:" + foreign, "--json", subcommand));
        }
        assertOneLineError(3, "found tables: users",
                CliRun.run("--registry", "sqlite:" + foreign, "clean", "--on-evict", "true"));
        assertArrayEquals(before, Files.readAllBytes(foreign));
    }

    @Test
    void aRegistryOfANewerSchemaIsAStoreErrorAndIsLeftUnchanged() throws SQLException, IOException {
        Path file = RegistryFiles.ofSize(folder, 3);
        RegistryFiles.execute(file, "UPDATE snapshot_registry_schema_history SET version = '99' WHERE version = '1'");
        byte[] before = Files.readAllBytes(file);

        assertOneLineError(3, "its snapshot registry schema has version 99, newer than this library's ",
                CliRun.run("--registry", "sqlite:" + file, "clean", "--keep-pending"));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aDamagedRegistryFileIsAStoreError() throws IOException {
        Path file = RegistryFiles.ofSize(folder, 200);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 100; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(file, bytes);

        assertOneLineError(3, "SQLite database " + file, CliRun.run("--registry", "sqlite:" + file, "doctor"));
    }

    @Test
    void helpPrintsUsageWithTheExitCodes() {
        CliRun run = CliRun.run("--help");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: snapshot-registry"), run::toString);
        assertTrue(run.out().contains("3   store error"), run::toString);
        assertTrue(CliRun.run("ls", "--help").out().contains("--hottest"));
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = CliRun.run("--version");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(List.of("snapshot-registry " + System.getProperty("project.version")), run.outLines());
    }

    @Test
    void helpListsEverySubcommandWithOneLineEach() {
        List<String> lines = CliRun.run("--help").outLines();
        List<String> commands = lines.subList(lines.indexOf("Commands:") + 1, lines.size());

        for (String subcommand : List.of("ls", "get", "stats", "rm", "clean", "pending", "retry", "doctor")) {
            List<String> described = commands.stream().filter(line -> line.startsWith("  " + subcommand + " ")).toList();
            assertEquals(1, described.size(), () -> subcommand + " in " + commands);
            int at = commands.indexOf(described.get(0));
            assertTrue(at + 1 == commands.size() || !commands.get(at + 1).startsWith("   "),
                    () -> subcommand + "'s description is one line: " + commands);
        }
    }
}
