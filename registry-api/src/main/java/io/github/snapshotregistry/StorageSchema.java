package io.github.snapshotregistry;

import java.util.Objects;

/**
 * The schema an adapter found in its storage, as {@link SnapshotRegistry#storageSchema()} reports
 * it: what an operator checks before the library opens (and perhaps upgrades) a store.
 *
 * @param found the schema version found, in the adapter's own terms (such as {@code 2})
 * @param description what that version is, in words (such as {@code the Rust original's snapshots
 *     table})
 * @param current the schema version this library's adapter creates and migrates to
 */
public record StorageSchema(String found, String description, String current) {

    /**
     * Checks that no component is null.
     *
     * @param found the schema version found
     * @param description what that version is
     * @param current the version this library's adapter migrates to
     * @throws NullPointerException if {@code found}, {@code description} or {@code current} is null
     */
    public StorageSchema {
        Objects.requireNonNull(found, "found must not be null");
        Objects.requireNonNull(description, "description must not be null");
        Objects.requireNonNull(current, "current must not be null");
    }

    /**
     * Tells whether the version found differs from the current one, so that the next ordinary open
     * by this library changes the storage (it upgrades an older version; a newer one it refuses, as
     * {@link #description()} says).
     *
     * @return true if the version found is not the current one
     */
    public boolean upgradedByNextOpen() {
        return !found.equals(current);
    }
}
