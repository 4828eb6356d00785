package io.github.snapshotregistry;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot the snapshot store holds, and when it was last modified: what {@link
 * SnapshotRegistry#reconcile} compares the registry with.
 *
 * @param id the snapshot's id
 * @param lastModified when the store last modified it (for a file, its modification time)
 */
public record StoredSnapshot(SnapshotId id, Instant lastModified) {

    /**
     * Checks that no component is null.
     *
     * @param id the snapshot's id
     * @param lastModified when the store last modified it
     * @throws NullPointerException if {@code id} or {@code lastModified} is null
     */
    public StoredSnapshot {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(lastModified, "lastModified must not be null");
    }
}
