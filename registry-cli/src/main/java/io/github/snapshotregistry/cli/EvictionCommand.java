package io.github.snapshotregistry.cli;

import io.github.snapshotregistry.Eviction;
import io.github.snapshotregistry.EvictionListener;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --on-evict} listener: runs a shell command ({@code sh -c}) per eviction, with {@code
 * {id}}, {@code {key}}, {@code {cause}} and {@code {weight}} replaced by the eviction's values, each
 * quoted for the shell, so that any snapshot id or key is one word and never shell syntax. Exit
 * status 0 accepts the eviction; any other status, or a command that cannot be started, throws,
 * leaving the eviction pending. The command's output goes to the error stream, keeping the
 * CLI's own output (JSON included) clean; its standard input is empty.
 */
final class EvictionCommand implements EvictionListener {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(id|key|cause|weight)}");

    private final String template;

    EvictionCommand(String template) {
        this.template = template;
    }

    /** The shell command for an eviction: the template with its placeholders replaced, quoted. */
    String commandFor(Eviction eviction) {
        return PLACEHOLDER.matcher(template).replaceAll(placeholder -> Matcher.quoteReplacement(quote(
                switch (placeholder.group(1)) {
                    case "id" -> eviction.snapshotId().value();
                    case "key" -> eviction.key();
                    case "cause" -> eviction.cause().name();
                    default -> Long.toString(eviction.weight());
                })));
    }

    @Override
    public void onEviction(Eviction eviction) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", "exec 1>&2\n" + commandFor(eviction))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IOException("the --on-evict command could not be started for snapshot "
                    + eviction.snapshotId().value() + ": " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw e;
        }
        if (status != 0) {
            throw new IOException("the --on-evict command exited with status " + status
                    + " for snapshot " + eviction.snapshotId().value());
        }
    }

    /** Quotes a value as one shell word: inside single quotes, each quote written as {@code '\''}. */
    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
