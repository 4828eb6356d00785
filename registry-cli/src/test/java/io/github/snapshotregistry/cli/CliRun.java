package io.github.snapshotregistry.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the CLI (picocli's {@code execute}, standard streams captured), at {@link
 * RegistryFiles#NOW}.
 *
 * @param exitCode the exit status
 * @param out what it printed on the output stream
 * @param err what it printed on the error stream
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return run(false, args);
    }

    /** Runs as if the error stream were a terminal, where long deliveries show progress. */
    static CliRun onTerminal(String... args) {
        return run(true, args);
    }

    private static CliRun run(boolean terminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SnapshotRegistryCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), terminal,
                InstantSource.fixed(RegistryFiles.NOW)).execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** The output, parsed as the one JSON object it must be. */
    Map<String, Object> json() {
        return JsonReader.object(out);
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
