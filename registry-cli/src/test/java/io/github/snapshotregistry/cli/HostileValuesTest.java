package io.github.snapshotregistry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.RemovalCause;
import io.github.snapshotregistry.SnapshotId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile value under every way a template can quote its placeholder: the command receives
 * exactly the value's bytes, and nothing the value holds runs.
 */
class HostileValuesTest {

    @TempDir
    static Path folder;

    /** Values an id or a key may hold; each tries to run {@code touch} on a file named in {@link #pwned}. */
    private static List<String> hostileValues() {
        String pwned = pwned().toString();
        return List.of(
                "$(touch " + pwned + ")",
                "`touch " + pwned + "`",
                "'$(touch " + pwned + ")'",
                "\"$(touch " + pwned + ")\"",
                "';touch " + pwned + ";'",
                "\";touch " + pwned + ";\"",
                "x; touch " + pwned,
                "a\ntouch " + pwned + "\nb",
                "*",
                "-rf",
                "--",
                "caf\u00e9 \u65e5\u672c \ud83d\ude00",
                "  spaces  around  ",
                "back\\slash \\n \\0101 %s %b",
                "$HOME ${HOME} $1 $@",
                "{id} {key}",
                "trailing newline\n");
    }

    /** Templates that quote the placeholder every way, each printing the value into {@code OUT}. */
    private static List<String> templates() {
        return List.of(
                "printf '%s' {id} > OUT",
                "printf '%s' '{id}' > OUT",
                "printf '%s' \"{id}\" > OUT",
                "printf '%s' \"before {id} after\" > OUT",
                "printf '%s' 'before {id} after' > OUT",
                "printf '%s' before{id}after > OUT",
                "printf '%s' \"$(printf '%s.' {id})\" > OUT",
                "printf '%s' \"$(printf '%s.' '{id}')\" > OUT",
                "printf '%s' \"$(printf '%s.' \"{id}\")\" > OUT",
                "printf '%s' \"`printf '%s.' {id}`\" > OUT",
                "if [ -n {id} ]; then (printf '%s' {id}) > OUT; fi");
    }

    private static Path pwned() {
        return folder.resolve("pwned");
    }

    /** A value that ran spoils only its own case. */
    @AfterEach
    void removePwned() throws Exception {
        Files.deleteIfExists(pwned());
    }

    static Stream<Arguments> everyValueUnderEveryQuoting() {
        List<Arguments> cases = new ArrayList<>();
        for (String template : templates()) {
            for (String value : hostileValues()) {
                cases.add(Arguments.of(template, value));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("everyValueUnderEveryQuoting")
    void theCommandReceivesExactlyTheValueAndNothingElseRuns(String template, String value) throws Exception {
        Path out = Files.createTempFile(folder, "out", ".txt");
        String command = template.replace("OUT", "'" + out + "'");

        new EvictionCommand(command).onEviction(new Eviction(value, SnapshotId.of(value), 7, RemovalCause.CAPACITY));

        String expected = template.contains("before")
                ? "before" + (template.contains("before{") ? "" : " ") + value + (template.contains("}after") ? "" : " ") + "after"
                : template.contains("$(") || template.contains("`") ? value + "." : value;
        assertEquals(expected, Files.readString(out, StandardCharsets.UTF_8), () -> "template " + command);
        assertTrue(Files.notExists(pwned()), () -> "template " + command + " ran a value as shell code");
    }
}
