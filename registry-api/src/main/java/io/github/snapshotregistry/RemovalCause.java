package io.github.snapshotregistry;

/** Why an entry left the registry. The order of the constants is not part of the contract. */
public enum RemovalCause {

    /** Removed to bring the registry back within {@code maxEntries} or {@code maxWeight}. */
    CAPACITY,

    /** Removed because it was not accessed within {@code expireAfterAccess}. */
    EXPIRED,

    /** Its key was put with another snapshot id. */
    REPLACED,

    /** Removed by {@code invalidate} or {@code invalidateAll}. */
    EXPLICIT;

    /**
     * Tells whether the registry chose to remove the entry (bounds or expiry) rather than its user.
     *
     * @return true for {@link #CAPACITY} and {@link #EXPIRED}
     */
    public boolean wasEvicted() {
        return this == CAPACITY || this == EXPIRED;
    }
}
