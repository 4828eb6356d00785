package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.RegistryConfig;
import java.time.Duration;

/**
 * The expiry rule (rule 5): an entry whose last access is the configured duration or more before
 * now, at millisecond precision, has expired. Times are epoch milliseconds; no computation
 * overflows, however long the duration or far the clock.
 *
 * <p>Internal: not API, may change in any release.
 */
public final class Expiry {

    private static final Duration LONGEST = Duration.ofMillis(Long.MAX_VALUE);

    private final boolean enabled;
    private final long millis;

    private Expiry(boolean enabled, long millis) {
        this.enabled = enabled;
        this.millis = millis;
    }

    /**
     * The rule of a configuration.
     *
     * @param config the configuration whose {@code expireAfterAccess} applies
     * @return the rule; one that expires nothing if the configuration has no expiry
     */
    public static Expiry of(RegistryConfig config) {
        return config.expireAfterAccess()
                .map(ttl -> new Expiry(true, ttl.compareTo(LONGEST) >= 0 ? Long.MAX_VALUE : ttl.toMillis()))
                .orElseGet(() -> new Expiry(false, 0));
    }

    /**
     * Tells whether entries expire at all.
     *
     * @return true if the configuration set {@code expireAfterAccess}
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The latest last-access time that has expired at {@code now}.
     *
     * @param now the clock's time, in epoch milliseconds
     * @return that time; {@link Long#MIN_VALUE} without expiry or when the duration reaches back
     *     past the earliest time there is
     */
    public long cutoff(long now) {
        if (!enabled || now < Long.MIN_VALUE + millis) {
            return Long.MIN_VALUE;
        }
        return now - millis;
    }

    /**
     * Tells whether an entry has expired.
     *
     * @param lastAccess the entry's last access, in epoch milliseconds
     * @param now the clock's time, in epoch milliseconds
     * @return true if entries expire and this one's last access is at or before {@link #cutoff}
     */
    public boolean isExpired(long lastAccess, long now) {
        return enabled && lastAccess <= cutoff(now);
    }
}
