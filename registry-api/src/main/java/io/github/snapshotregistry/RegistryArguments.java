package io.github.snapshotregistry;

import java.time.Duration;

import java.util.Objects;

/**
 * The argument checks of the contract's rule 1, in one place for every adapter.
 *
 * <p>Each check throws before anything changes: a {@link NullPointerException} that names the
 * missing argument, or an {@link IllegalArgumentException} that says what was wrong and with which
 * value. Adapters call these at the top of each operation, after checking that they are open.
 */
public final class RegistryArguments {

    /** The longest key or snapshot id value, in Java {@code char}s (UTF-16 units). */
    public static final int MAX_LENGTH = 2048;

    private RegistryArguments() {}

    /**
     * Checks a key: any non-empty, well-formed UTF-16 string of at most {@value #MAX_LENGTH}
     * chars is valid (spaces, quotes, {@code %}, {@code _}, NUL, emoji, SQL included).
     *
     * @param key the key to check
     * @return {@code key}
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code key} is empty, too long or has an unpaired surrogate
     */
    public static String checkKey(String key) {
        checkText(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key;
    }

    /**
     * Checks that a snapshot id argument is present (its value was checked when it was made).
     *
     * @param id the id to check
     * @return {@code id}
     * @throws NullPointerException if {@code id} is null
     */
    public static SnapshotId checkId(SnapshotId id) {
        return Objects.requireNonNull(id, "id must not be null");
    }

    /**
     * Checks a weight against a configuration: it must not be negative, nor above {@code maxWeight}
     * when one is set.
     *
     * @param weight the weight to check
     * @param config the registry's configuration
     * @return {@code weight}
     * @throws IllegalArgumentException if the weight is negative or above {@code maxWeight}
     */
    public static long checkWeight(long weight, RegistryConfig config) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative, was " + weight);
        }
        if (config.maxWeight().isPresent() && weight > config.maxWeight().getAsLong()) {
            throw new IllegalArgumentException(
                    "weight " + weight + " exceeds maxWeight " + config.maxWeight().getAsLong());
        }
        return weight;
    }

    /**
     * Checks a reconciliation's grace period ({@link SnapshotRegistry#reconcile}).
     *
     * @param gracePeriod the grace period to check
     * @return {@code gracePeriod}
     * @throws NullPointerException if {@code gracePeriod} is null
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     */
    public static Duration checkGracePeriod(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod must not be null");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
        }
        return gracePeriod;
    }

    /**
     * Weighs an entry with the configuration's weigher and checks the result like {@link
     * #checkWeight}. An exception from the weigher propagates unchanged.
     *
     * @param config the registry's configuration
     * @param key a valid key
     * @param id a valid id
     * @return the entry's weight
     * @throws IllegalArgumentException if the weigher returns a negative weight or one above {@code
     *     maxWeight}
     */
    public static long weigh(RegistryConfig config, String key, SnapshotId id) {
        long weight = config.weigher().weigh(key, id);
        if (weight < 0) {
            throw new IllegalArgumentException(
                    "weigher returned a negative weight " + weight + " for key " + key);
        }
        return checkWeight(weight, config);
    }

    static void checkText(String text, String name) {
        Objects.requireNonNull(text, name + " must not be null");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    name + " must be at most " + MAX_LENGTH + " chars, was " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        name + " has an unpaired surrogate at index " + i);
            }
        }
    }
}
