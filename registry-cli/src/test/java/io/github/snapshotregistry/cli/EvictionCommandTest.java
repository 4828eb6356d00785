package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvictionCommandTest {

    @TempDir
    Path folder;

    private static Eviction eviction(String key, String id) {
        return new Eviction(key, SnapshotId.of(id), 4096, RemovalCause.CAPACITY);
    }

    @Test
    void everyValueReachesTheCommandAndOtherBracesAreLeftAlone() throws Exception {
        Path out = folder.resolve("out");

        new EvictionCommand("printf '%s|' {id} \"{key}\" '{cause}' {weight} {other} > '" + out + "'")
                .onEviction(eviction("build 1", "vm-1"));

        assertEquals("vm-1|build 1|CAPACITY|4096|{other}|", Files.readString(out));
    }

    @Test
    void theValuesAreAlsoInEnvironmentVariables() throws Exception {
        Path out = folder.resolve("out");

        new EvictionCommand("printf '%s|' \"$SNAPSHOT_ID\" \"$SNAPSHOT_KEY\" \"$SNAPSHOT_CAUSE\" \"$SNAPSHOT_WEIGHT\" > '"
                + out + "'").onEviction(eviction("it's", "caf\u00e9"));

        assertEquals("caf\u00e9|it's|CAPACITY|4096|", Files.readString(out));
    }

    @Test
    void theShellSeesEachValueAsOneWordWhateverItHolds() throws Exception {
        Path out = folder.resolve("out");
        String key = "a b; $(touch " + folder.resolve("pwned") + ") `x` \"q\" 'single' \\ * ~ \t end";
        EvictionCommand command = new EvictionCommand("printf '%s|' {key} {id} > '" + out + "'");

        command.onEviction(eviction(key, "id with spaces"));

        assertEquals(key + "|id with spaces|", Files.readString(out));
        assertTrue(Files.notExists(folder.resolve("pwned")));
    }

    @Test
    void exitStatusZeroAcceptsTheEviction() throws Exception {
        Path marker = folder.resolve("deleted");

        new EvictionCommand("touch '" + marker + "'").onEviction(eviction("k", "id"));

        assertTrue(Files.exists(marker));
    }

    @Test
    void anotherExitStatusThrowsNamingTheStatusAndTheSnapshot() {
        IOException failure = assertThrows(IOException.class,
                () -> new EvictionCommand("exit 42").onEviction(eviction("k", "vm-9")));

        assertEquals("the --on-evict command exited with status 42 for snapshot vm-9", failure.getMessage());
    }

    @Test
    void anIdWithANulCharacterIsRefusedSayingWhatToDoInstead() {
        Path marker = folder.resolve("ran");

        IOException failure = assertThrows(IOException.class,
                () -> new EvictionCommand("touch '" + marker + "' {id}").onEviction(eviction("k", "vm\u00000")));

        assertEquals("the id of snapshot vm\\00 holds a NUL character, which no command can receive: --on-evict"
                + " cannot be run for it; delete that snapshot from the service's own code (its EvictionListener) instead",
                failure.getMessage());
        assertTrue(Files.notExists(marker));
    }

    @Test
    void aKeyWithANulCharacterIsRefusedOnlyWhenTheCommandUsesIt() throws Exception {
        Path marker = folder.resolve("ran");

        assertThrows(IOException.class, () -> new EvictionCommand("touch {key}").onEviction(eviction("k\u0000", "vm-1")));
        new EvictionCommand("env > '" + marker + "'").onEviction(eviction("k\u0000", "vm-1"));

        assertTrue(Files.readAllLines(marker).contains("SNAPSHOT_ID=vm-1"));
        assertTrue(Files.readAllLines(marker).stream().noneMatch(line -> line.startsWith("SNAPSHOT_KEY=")));
    }

    @Test
    void theCommandReadsAnEmptyStandardInput() throws Exception {
        Path out = folder.resolve("stdin");

        new EvictionCommand("cat > '" + out + "'").onEviction(eviction("k", "id"));

        assertEquals(List.of(), Files.readAllLines(out));
    }
}
