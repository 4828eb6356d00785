package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.RegistryException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * {@code snapshot-registry}: the operator's command-line tool. Opens any registry by URI (see
 * {@link io.github.snapshotregistry.SnapshotRegistries}) and lists, inspects, checks and cleans it;
 * {@code snapshot-registry --help} tells how.
 *
 * <p>Exit status: 0 done; 1 not found ({@code get}, {@code rm} of an absent key); 2 usage (a bad
 * option or argument, or a removal without {@code --on-evict} or {@code --keep-pending}); 3 store
 * error (the registry or the snapshot store cannot be opened or read, or {@code doctor} found problems). Every failure
 * prints one line on the error stream.
 */
public final class SnapshotRegistryCli {

    private static final String NAME = "snapshot-registry";
    private static final int STORE_ERROR = 3;

    /**
     * The adapters' libraries log through java.util.logging (Flyway, sqlite-jdbc, the PostgreSQL
     * driver); the tool turns it off, as every failure reaches it as an exception and is told in one
     * line. Held so that the level set in {@link #main} is not collected with the logger.
     */
    private static final Logger ROOT_LOG = Logger.getLogger("");

    private SnapshotRegistryCli() {}

    /**
     * Runs the tool and exits the JVM with its status.
     *
     * @param args the command line, such as {@code --registry sqlite:registry.db stats}
     */
    public static void main(String[] args) {
        ROOT_LOG.setLevel(Level.OFF);
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int status = commandLine(out, err, System.console() != null, InstantSource.system()).execute(args);
        out.flush();
        err.flush();
        System.exit(status);
    }

    /**
     * The tool, ready to {@link CommandLine#execute}: failures become one line on {@code err} and
     * an exit status.
     *
     * @param terminal whether {@code err} is a terminal, where long deliveries show progress
     * @param clock tells "now" for relative times
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean terminal, InstantSource clock) {
        CommandLine commandLine = new CommandLine(new RegistryCommand(terminal, clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler((exception, args) -> {
            err.println(NAME + ": " + oneLine(exception.getMessage()) + " (see " + NAME + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parsed) -> {
            if (exception instanceof RegistryException) {
                err.println(NAME + ": " + oneLine(exception.getMessage()));
                return STORE_ERROR;
            }
            if (exception instanceof UncheckedIOException) {
                err.println(NAME + ": " + oneLine(exception.getMessage()));
                return STORE_ERROR;
            }
            if (exception instanceof IllegalArgumentException) {
                err.println(NAME + ": " + oneLine(exception.getMessage()));
                return CommandLine.ExitCode.USAGE;
            }
            err.println(NAME + ": failed: " + oneLine(String.valueOf(exception)));
            return STORE_ERROR;
        });
        return commandLine;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
