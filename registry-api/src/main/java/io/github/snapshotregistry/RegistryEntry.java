package io.github.snapshotregistry;

import java.time.Instant;
import java.util.Objects;

/**
 * One mapping of the registry, as {@link SnapshotRegistry#entries()} reports it.
 *
 * @param key the key
 * @param snapshotId the snapshot it maps to
 * @param weight the entry's weight
 * @param lastAccess when it was last put or read with {@code get} or {@code computeIfAbsent}, by the
 *     registry's clock, at millisecond precision
 */
public record RegistryEntry(String key, SnapshotId snapshotId, long weight, Instant lastAccess) {

    /**
     * Checks that no component is null.
     *
     * @param key the key
     * @param snapshotId the snapshot it maps to
     * @param weight the entry's weight
     * @param lastAccess when it was last accessed
     * @throws NullPointerException if {@code key}, {@code snapshotId} or {@code lastAccess} is null
     */
    public RegistryEntry {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(snapshotId, "snapshotId must not be null");
        Objects.requireNonNull(lastAccess, "lastAccess must not be null");
    }
}
