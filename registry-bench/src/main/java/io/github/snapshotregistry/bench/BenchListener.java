package io.github.snapshotregistry.bench;

import io.github.snapshotregistry.EvictionListener;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The eviction listener an adapter is measured with, by the name the command line, the JMH
 * parameter and the JSON lines use. Real users always listen (deleting the snapshot is why the
 * registry exists), so {@link #COUNTING} is the default: a real listener doing the least work, one
 * counter increment per eviction. {@link #NOOP} is the configuration's default listener, for which
 * an adapter may skip its delivery bookkeeping.
 */
enum BenchListener {
    COUNTING,
    NOOP;

    /** A new listener of this kind. */
    EvictionListener create() {
        if (this == NOOP) {
            return EvictionListener.IGNORE;
        }
        AtomicLong delivered = new AtomicLong();
        return eviction -> delivered.incrementAndGet();
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static BenchListener byLabel(String label) {
        for (BenchListener listener : values()) {
            if (listener.label().equals(label)) {
                return listener;
            }
        }
        throw new IllegalArgumentException("unknown listener '" + label + "', expected one of "
                + Arrays.stream(values()).map(BenchListener::label).collect(Collectors.joining(", ")));
    }
}
