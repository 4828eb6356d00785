package io.github.snapshotregistry.jdbi;

import io.github.snapshotregistry.RegistryEntry;
import io.github.snapshotregistry.SnapshotId;
import java.time.Instant;

/**
 * One row of the entries table.
 *
 * <p>Internal: not API, may change in any release.
 *
 * @param key the key
 * @param snapshotId the id the key maps
 * @param weight the entry's weight
 * @param lastAccess the entry's last access, in epoch milliseconds
 * @param accessSeq the entry's place in the recency order: a larger number is more recent
 */
public record EntryRow(String key, SnapshotId snapshotId, long weight, long lastAccess, long accessSeq) {

    /**
     * The entry as the port lists it.
     *
     * @return the entry, without its place in the order
     */
    public RegistryEntry toEntry() {
        return new RegistryEntry(key, snapshotId, weight, Instant.ofEpochMilli(lastAccess));
    }
}
