package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup, in process, on registry files made by the library; the copies are read back by the library. */
class BackupCommandTest {

    @TempDir
    Path folder;

    private Path file;
    private String uri;

    @BeforeEach
    void makeRegistry() {
        file = RegistryFiles.standard(folder);
        uri = "sqlite:" + file;
    }

    @Test
    void theBackupOpensWithTheSameEntriesInTheSameOrderAndTheSamePendingEvictions() {
        Path copy = folder.resolve("copy.db");

        CliRun run = CliRun.run("--registry", uri, "backup", copy.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("backed up " + uri + " to " + copy + System.lineSeparator(), run.out());
        assertEquals(RegistryFiles.entries(file), RegistryFiles.entries(copy));
        assertEquals(RegistryFiles.pending(file), RegistryFiles.pending(copy));
        assertEquals(3, RegistryFiles.entries(copy).size());
        assertEquals(1, RegistryFiles.pending(copy).size(), "backup delivered the pending eviction");
    }

    @Test
    void printsOneJsonDocumentNamingTheCopy() {
        Path copy = folder.resolve("copy.db");

        CliRun run = CliRun.run("--registry", uri, "--json", "backup", copy.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Map.of("registry", uri, "destination", copy.toString()), run.json());
    }

    @Test
    void anExistingDestinationIsRefusedAndLeftUnchanged() throws IOException {
        Path existing = Files.writeString(folder.resolve("taken.db"), "someone's file");
        byte[] before = Files.readAllBytes(existing);

        CliRun run = CliRun.run("--registry", uri, "backup", existing.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("snapshot-registry: DEST: backup destination " + existing + " exists already"),
                run::toString);
        assertArrayEquals(before, Files.readAllBytes(existing));
    }

    @Test
    void otherAdaptersAreAUsageErrorSayingBackupIsForSqlite() {
        CliRun run = CliRun.run("--registry", "memory:", "backup", folder.resolve("copy.db").toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("snapshot-registry: backup is for sqlite: registries (for PostgreSQL, use pg_dump)"),
                run::toString);
        assertTrue(Files.notExists(folder.resolve("copy.db")), run::toString);
    }
}
