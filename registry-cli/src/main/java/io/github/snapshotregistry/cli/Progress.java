package io.github.snapshotregistry.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * One line on the error stream, rewritten in place, that tells how a long delivery is going:
 * {@code clean: 1200 delivered, 3 failed}. Shown only on a terminal (a disabled progress prints
 * nothing, so piped output stays quiet), redrawn at most ten times a second, and ended with a
 * final count and a newline once anything was shown.
 */
final class Progress {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private boolean shown;
    private long shownAt;

    private Progress(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    /** A progress line for a command run on a terminal. */
    static Progress onTerminal(PrintWriter err, String label) {
        return new Progress(err, label, true);
    }

    /** No progress at all: output is piped, or nothing is long. */
    static Progress none() {
        return new Progress(null, "", false);
    }

    void update(int delivered, int failed) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (shown && now - shownAt < REDRAW_NANOS) {
            return;
        }
        draw(delivered, failed);
        shown = true;
        shownAt = now;
    }

    void finish(int delivered, int failed) {
        if (enabled && shown) {
            draw(delivered, failed);
            err.println();
            err.flush();
        }
    }

    private void draw(int delivered, int failed) {
        err.print("\r" + label + ": " + delivered + " delivered, " + failed + " failed");
        err.flush();
    }
}
