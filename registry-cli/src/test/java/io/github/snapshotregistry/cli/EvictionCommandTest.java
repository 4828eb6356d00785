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
    void placeholdersAreReplacedQuotedAndOtherBracesAreLeftAlone() {
        EvictionCommand command = new EvictionCommand("rm -rf /snapshots/{id} # {key} {cause} {weight} {other} awk '{print}'");

        assertEquals("rm -rf /snapshots/'vm-1' # 'build 1' 'CAPACITY' '4096' {other} awk '{print}'",
                command.commandFor(eviction("build 1", "vm-1")));
    }

    @Test
    void aSingleQuoteInAValueIsClosedEscapedAndReopened() {
        assertEquals("echo 'it'\\''s'", new EvictionCommand("echo {key}").commandFor(eviction("it's", "x")));
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotReplacedAgain() {
        assertEquals("echo '{id}' 'x'", new EvictionCommand("echo {key} {id}").commandFor(eviction("{id}", "x")));
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
    void aCommandThatCannotBeStartedThrowsNamingTheSnapshot() {
        IOException failure = assertThrows(IOException.class,
                () -> new EvictionCommand("echo {key}").onEviction(eviction("nul\u0000key", "vm-0")));

        assertTrue(failure.getMessage().startsWith("the --on-evict command could not be started for snapshot vm-0: "),
                failure::getMessage);
    }

    @Test
    void theCommandReadsAnEmptyStandardInput() throws Exception {
        Path out = folder.resolve("stdin");

        new EvictionCommand("cat > '" + out + "'").onEviction(eviction("k", "id"));

        assertEquals(List.of(), Files.readAllLines(out));
    }
}
