package io.github.snapshotregistry;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * For adapters: tells operators, through {@link System.Logger}, that the eviction listener refused
 * an eviction, so that evictions never pile up pending without a trace.
 *
 * <p>Each eviction is reported once, at {@link Level#WARNING} with the listener's exception, however
 * often it is offered again and refused; only the most recent {@value #REMEMBERED} refused evictions
 * are remembered for that, so a listener that refuses more than that many distinct evictions may see
 * an old one reported again. Keys and snapshot ids are written quoted, with quotes, backslashes and
 * control characters escaped ({@code \n}, {@code \t}, the others as {@code \\u} and four hex
 * digits), so that no key can forge a line of the log. Thread-safe.
 *
 * <p>By default {@link System.Logger} writes to {@code java.util.logging}, whose default
 * configuration prints warnings on standard error; an application routes it elsewhere with a
 * {@link System.LoggerFinder} (for example SLF4J's {@code slf4j-jdk-platform-logging}).
 */
public final class ListenerRefusals {

    /** How many refused evictions are remembered, so as to report each only once. */
    public static final int REMEMBERED = 4096;

    private final Logger logger;
    private final Set<Eviction> reported = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Eviction, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * Reports to the given logger, usually {@code System.getLogger(TheAdapter.class.getName())}.
     *
     * @param logger where refusals are reported
     * @throws NullPointerException if {@code logger} is null
     */
    public ListenerRefusals(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger must not be null");
    }

    /**
     * Reports that the listener refused {@code eviction} by throwing {@code refusal}, unless this
     * eviction was reported already.
     *
     * @param eviction the eviction that stays pending
     * @param refusal what the listener threw
     */
    public void refused(Eviction eviction, Exception refusal) {
        boolean first;
        synchronized (reported) {
            first = reported.add(eviction);
        }
        if (first && logger.isLoggable(Level.WARNING)) {
            logger.log(Level.WARNING, "the eviction listener refused snapshot " + escaped(eviction.snapshotId().value())
                    + " (key " + escaped(eviction.key()) + ", " + eviction.cause() + "): it stays pending, and is"
                    + " offered again by deliverPendingEvictions() and when the registry is next opened; later"
                    + " refusals of this eviction are not reported", refusal);
        }
    }

    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 2).append('"');
        text.chars().forEach(c -> {
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\t') {
                escaped.append("\\t");
            } else if (c == '"' || c == '\\') {
                escaped.append('\\').append((char) c);
            } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.append('"').toString();
    }
}
