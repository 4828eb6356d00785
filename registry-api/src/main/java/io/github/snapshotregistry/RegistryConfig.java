package io.github.snapshotregistry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a registry is bounded and whom it tells of removals. Immutable; made by {@link #builder()}.
 *
 * <p>A valid configuration has at least one bound: {@code maxEntries}, {@code maxWeight}, or both,
 * each at least 1. Every other setting has a default: each entry weighs 1, entries do not expire,
 * the listener does nothing, the clock is {@link InstantSource#system()}.
 */
public final class RegistryConfig {

    private final OptionalLong maxEntries;
    private final OptionalLong maxWeight;
    private final Weigher weigher;
    private final Optional<Duration> expireAfterAccess;
    private final EvictionListener evictionListener;
    private final InstantSource clock;

    private RegistryConfig(Builder builder) {
        this.maxEntries = builder.maxEntries;
        this.maxWeight = builder.maxWeight;
        this.weigher = builder.weigher;
        this.expireAfterAccess = builder.expireAfterAccess;
        this.evictionListener = builder.evictionListener;
        this.clock = builder.clock;
    }

    /**
     * Starts a configuration with the defaults and no bound yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a configuration with this one's settings, to change a few.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.maxEntries = maxEntries;
        builder.maxWeight = maxWeight;
        builder.weigher = weigher;
        builder.expireAfterAccess = expireAfterAccess;
        builder.evictionListener = evictionListener;
        builder.clock = clock;
        return builder;
    }

    /**
     * The most entries the registry holds after any write.
     *
     * @return the bound, or empty if the number of entries is not bounded
     */
    public OptionalLong maxEntries() {
        return maxEntries;
    }

    /**
     * The most total weight the registry holds after any write.
     *
     * @return the bound, or empty if the total weight is not bounded
     */
    public OptionalLong maxWeight() {
        return maxWeight;
    }

    /**
     * Weighs entries put without an explicit weight.
     *
     * @return the weigher; by default {@link Weigher#UNIT}, by which every entry weighs 1
     */
    public Weigher weigher() {
        return weigher;
    }

    /**
     * How long after its last access an entry expires.
     *
     * @return the duration, or empty if entries do not expire
     */
    public Optional<Duration> expireAfterAccess() {
        return expireAfterAccess;
    }

    /**
     * Whom the registry tells of every snapshot that has left it.
     *
     * @return the listener; by default {@link EvictionListener#IGNORE}, which does nothing
     */
    public EvictionListener evictionListener() {
        return evictionListener;
    }

    /**
     * The clock for access times and expiry.
     *
     * @return the clock; by default {@link InstantSource#system()}
     */
    public InstantSource clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RegistryConfig[maxEntries=" + maxEntries + ", maxWeight=" + maxWeight
                + ", expireAfterAccess=" + expireAfterAccess + "]";
    }

    /** Collects settings for a {@link RegistryConfig}. Not thread-safe. */
    public static final class Builder {

        private OptionalLong maxEntries = OptionalLong.empty();
        private OptionalLong maxWeight = OptionalLong.empty();
        private Weigher weigher = Weigher.UNIT;
        private Optional<Duration> expireAfterAccess = Optional.empty();
        private EvictionListener evictionListener = EvictionListener.IGNORE;
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        /**
         * Bounds the number of entries.
         *
         * @param maxEntries the most entries, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxEntries} is less than 1
         */
        public Builder maxEntries(long maxEntries) {
            this.maxEntries = OptionalLong.of(atLeastOne(maxEntries, "maxEntries"));
            return this;
        }

        /**
         * Bounds the total weight of the entries.
         *
         * @param maxWeight the most total weight, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxWeight} is less than 1
         */
        public Builder maxWeight(long maxWeight) {
            this.maxWeight = OptionalLong.of(atLeastOne(maxWeight, "maxWeight"));
            return this;
        }

        /**
         * Sets how entries put without an explicit weight are weighed.
         *
         * @param weigher the weigher
         * @return this builder
         * @throws NullPointerException if {@code weigher} is null
         */
        public Builder weigher(Weigher weigher) {
            this.weigher = Objects.requireNonNull(weigher, "weigher must not be null");
            return this;
        }

        /**
         * Makes entries expire once they have not been accessed for a while.
         *
         * @param duration how long after its last access an entry expires, more than zero
         * @return this builder
         * @throws NullPointerException if {@code duration} is null
         * @throws IllegalArgumentException if {@code duration} is zero or negative
         */
        public Builder expireAfterAccess(Duration duration) {
            Objects.requireNonNull(duration, "expireAfterAccess must not be null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(
                        "expireAfterAccess must be positive, was " + duration);
            }
            this.expireAfterAccess = Optional.of(duration);
            return this;
        }

        /**
         * Sets whom the registry tells of every snapshot that has left it.
         *
         * @param listener the listener
         * @return this builder
         * @throws NullPointerException if {@code listener} is null
         */
        public Builder evictionListener(EvictionListener listener) {
            this.evictionListener = Objects.requireNonNull(listener, "evictionListener must not be null");
            return this;
        }

        /**
         * Sets the clock for access times and expiry.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * Makes the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if neither {@code maxEntries} nor {@code maxWeight} is set
         */
        public RegistryConfig build() {
            if (maxEntries.isEmpty() && maxWeight.isEmpty()) {
                throw new IllegalArgumentException(
                        "at least one of maxEntries and maxWeight must be set");
            }
            return new RegistryConfig(this);
        }

        private static long atLeastOne(long value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }
    }
}
