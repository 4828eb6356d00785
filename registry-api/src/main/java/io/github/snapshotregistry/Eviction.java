package io.github.snapshotregistry;

import java.util.Objects;

/**
 * A snapshot that has left the registry and that no key maps any more: its owner may delete it.
 *
 * @param key the key that mapped it last
 * @param snapshotId the snapshot to delete
 * @param weight the entry's weight when it was removed
 * @param cause why it was removed
 */
public record Eviction(String key, SnapshotId snapshotId, long weight, RemovalCause cause) {

    /**
     * Checks that no component is null.
     *
     * @param key the key that mapped it last
     * @param snapshotId the snapshot to delete
     * @param weight the entry's weight when it was removed
     * @param cause why it was removed
     * @throws NullPointerException if {@code key}, {@code snapshotId} or {@code cause} is null
     */
    public Eviction {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(snapshotId, "snapshotId must not be null");
        Objects.requireNonNull(cause, "cause must not be null");
    }
}
