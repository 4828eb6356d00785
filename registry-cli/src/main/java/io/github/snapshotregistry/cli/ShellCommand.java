package io.github.snapshotregistry.cli;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command template of the operator's ({@code --on-evict 'rm -rf "/snapshots/{id}"'}) run by
 * {@code sh -c} with values that never become shell syntax.
 *
 * <p>The values never enter the command's text. Each travels in an environment variable ({@code
 * {id}} in {@code SNAPSHOT_ID}, {@code {key}} in {@code SNAPSHOT_KEY}, ...), and each placeholder in
 * the template is rewritten into a reference to its variable, quoted for where it stands: {@code
 * "$SNAPSHOT_ID"} bare, {@code ${SNAPSHOT_ID}} inside {@code "..."}, {@code '"$SNAPSHOT_ID"'} inside
 * {@code '...'}, the same rules again inside {@code $(...)} and backquotes. The shell expands a
 * variable to exactly its value, as one word, and never reads that value as syntax.
 *
 * <p>The variables are passed in ASCII whatever the locale: every byte of a value's UTF-8 form other
 * than a letter, a digit or one of {@code _./:} is written as an octal escape that the script's
 * first lines decode with the shell's own {@code printf}. So the command gets the value's exact
 * bytes even under {@code LC_ALL=C}, where the JVM would turn {@code café} into {@code caf?}. A
 * value with a NUL character cannot reach any process: running the command for it throws, saying
 * so. The command's output goes to the error stream, keeping the tool's own output clean; its
 * standard input is empty.
 */
final class ShellCommand {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    private static final String PLAIN_BYTES = "_./:";

    private final String option;
    private final String template;
    private final Set<String> names;
    private final String script;

    /**
     * Prepares a template.
     *
     * @param option the option that gave it, for messages, such as {@code --on-evict}
     * @param names the placeholders it may use, such as {@code id} and {@code key}; others are left as written
     * @throws IllegalArgumentException if the template is blank, or holds characters the locale could
     *     not decode from the command line or cannot pass to a process
     */
    ShellCommand(String option, String template, Set<String> names) {
        if (template.isBlank()) {
            throw new IllegalArgumentException(option + " needs a command, such as 'rm -rf /snapshots/{id}'");
        }
        if (!passable(template)) {
            throw new IllegalArgumentException(option + ": the command holds characters that the locale ("
                    + localeName() + ") cannot pass intact; run the tool under a UTF-8 locale, such as LC_ALL=C.UTF-8");
        }
        this.option = option;
        this.template = template;
        this.names = Set.copyOf(names);
        this.script = decoding() + "exec 1>&2\n" + rewrite(template);
    }

    /** The environment variable that carries a placeholder's value: {@code id} in {@code SNAPSHOT_ID}. */
    static String variable(String name) {
        return "SNAPSHOT_" + name.toUpperCase(Locale.ROOT);
    }

    /** The script {@code sh -c} runs: the lines that decode the variables, then the rewritten template. */
    String script() {
        return script;
    }

    /**
     * Runs the command once.
     *
     * @param values a value for each placeholder name; {@code id} must be passed, other values only
     *     when the template names them
     * @param subject what the command is run for, in messages, such as {@code snapshot vm-7}
     * @throws IOException if a value cannot be passed, the command cannot be started, or it exits
     *     with a status other than 0
     */
    void run(Map<String, String> values, String subject) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> environment = builder.environment();
        for (String name : names) {
            String value = values.get(name);
            environment.remove(variable(name));
            if (value == null) {
                continue;
            }
            if (value.indexOf('\0') >= 0) {
                if (name.equals("id") || mentions(name)) {
                    throw new IOException("the " + name + " of " + subject + " holds a NUL character, which no"
                            + " command can receive: " + option + " cannot be run for it; delete that snapshot from"
                            + " the service's own code (its EvictionListener) instead");
                }
                continue;
            }
            environment.put(variable(name), escaped(value));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("the " + option + " command could not be started for " + subject + ": "
                    + e.getMessage(), e);
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
            throw new IOException("the " + option + " command exited with status " + status + " for " + subject);
        }
    }

    /** Whether the template uses a value: its placeholder or its variable. */
    private boolean mentions(String name) {
        return template.contains("{" + name + "}") || template.contains(variable(name));
    }

    /** Lines that turn each passed variable from its escaped form back into its bytes. */
    private String decoding() {
        StringBuilder lines = new StringBuilder();
        for (String name : names.stream().sorted().toList()) {
            String variable = variable(name);
            // Command substitution drops trailing newlines: the "." keeps them, then is removed.
            lines.append("if [ -n \"${").append(variable).append("+set}\" ]; then ")
                    .append(variable).append("=$(printf \"${").append(variable).append("}.\"); ")
                    .append(variable).append("=${").append(variable).append("%.}; fi\n");
        }
        return lines.toString();
    }

    /** A value as a {@code printf} format that prints exactly its UTF-8 bytes: plain ASCII, the rest octal. */
    private static String escaped(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int unsigned = b & 0xff;
            if (unsigned < 0x80 && (Character.isLetterOrDigit(unsigned) || PLAIN_BYTES.indexOf(unsigned) >= 0)) {
                escaped.append((char) unsigned);
            } else {
                escaped.append('\\').append(String.format("%03o", unsigned));
            }
        }
        return escaped.toString();
    }

    /**
     * The template with each placeholder replaced by a reference to its variable, quoted for the
     * context it stands in. Tracks single and double quotes, backslashes, and nested {@code $(...)}
     * and backquotes, each of which starts a fresh context.
     */
    private String rewrite(String text) {
        StringBuilder rewritten = new StringBuilder(text.length() + 32);
        Deque<Context> contexts = new ArrayDeque<>();
        contexts.push(new Context('\0'));
        Matcher placeholder = PLACEHOLDER.matcher(text);
        int i = 0;
        while (i < text.length()) {
            Context context = contexts.peek();
            if (placeholder.find(i) && placeholder.start() == i && names.contains(placeholder.group(1))) {
                String variable = variable(placeholder.group(1));
                rewritten.append(switch (context.quote) {
                    case '\'' -> "'\"$" + variable + "\"'";
                    case '"' -> "${" + variable + "}";
                    default -> "\"$" + variable + "\"";
                });
                i = placeholder.end();
                continue;
            }
            char c = text.charAt(i);
            int next = i + 1;
            if (context.quote == '\'') {
                if (c == '\'') {
                    context.quote = 0;
                }
            } else if (c == '\\') {
                next = Math.min(i + 2, text.length());
            } else if (c == '$' && text.startsWith("(", next)) {
                next++;
                contexts.push(new Context(')'));
            } else if (c == '`') {
                if (context.closer == '`' && context.quote == 0) {
                    contexts.pop();
                } else {
                    contexts.push(new Context('`'));
                }
            } else if (context.quote == '"') {
                if (c == '"') {
                    context.quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                context.quote = c;
            } else if (c == '(') {
                context.parentheses++;
            } else if (c == ')') {
                if (context.parentheses > 0) {
                    context.parentheses--;
                } else if (context.closer == ')') {
                    contexts.pop();
                }
            }
            rewritten.append(text, i, next);
            i = next;
        }
        return rewritten.toString();
    }

    /** Whether text reaches a process unchanged: nothing lost decoding the command line, nothing encoding it. */
    private static boolean passable(String text) {
        return text.indexOf('\uFFFD') < 0
                && Charset.defaultCharset().newEncoder().canEncode(text)
                && Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder().canEncode(text);
    }

    private static String localeName() {
        for (String variable : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                return variable + "=" + value + ", charset " + Charset.defaultCharset().name();
            }
        }
        return "charset " + Charset.defaultCharset().name();
    }

    /** One level of the shell's nesting: the top, a {@code $(...)} or a backquoted command. */
    private static final class Context {
        final char closer;
        char quote;
        int parentheses;

        Context(char closer) {
            this.closer = closer;
        }
    }
}
