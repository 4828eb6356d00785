package io.github.snapshotregistry.tck;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so that expiry is tested without sleeping. Give
 * it to {@link io.github.snapshotregistry.RegistryConfig.Builder#clock(InstantSource)}. Safe to
 * read and move from any thread.
 */
public final class ManualClock implements InstantSource {

    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * A clock that reads {@code start} until it is moved.
     *
     * @param start the first instant the clock reads
     * @return the clock
     */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(Objects.requireNonNull(start, "start must not be null"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far; zero leaves it where it is
     * @return the new instant
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public Instant advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock only moves forward, not by " + duration);
        }
        return now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "]";
    }
}
