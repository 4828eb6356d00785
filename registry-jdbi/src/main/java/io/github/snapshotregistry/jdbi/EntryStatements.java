package io.github.snapshotregistry.jdbi;

import java.util.List;
import java.util.Optional;

/**
 * The statements on the entries table that {@link WriteSteps} runs, inside the adapter's write
 * transaction (which holds whatever lock makes the counters row exact). The dialect assigns the
 * recency order: every method that accesses an entry makes it the most recently used, strictly
 * after every other entry ({@code accessSeq} larger than any other in the storage). Times are
 * epoch milliseconds; keys and ids are passed as Java strings (the dialect encodes them).
 *
 * <p>Each method is one round trip where the database allows it; a dialect that needs two may
 * implement a method as a {@code default} method of its SQL Object composing two statements.
 *
 * <p>Internal: not API, may change in any release.
 */
public interface EntryStatements {

    /**
     * Finds a key's entry, expired or not.
     *
     * @param key the key
     * @return its entry, or empty
     */
    Optional<EntryRow> find(String key);

    /**
     * Makes a key's entry the most recently used and sets its last access, unless it was last
     * accessed at or before {@code cutoff}; one statement, also run on its own outside a write
     * transaction (a {@code get} hit).
     *
     * @param key the key
     * @param lastAccess the new last access
     * @param cutoff the latest last access that has expired ({@link Expiry#cutoff})
     * @return the entry's snapshot id, or null if there is no live entry (null, not an {@code
     *     Optional}: this is the hot path)
     */
    String touchUnexpired(String key, long lastAccess, long cutoff);

    /**
     * Inserts a key's entry as the most recently used, unless the key has one.
     *
     * @param key the key
     * @param snapshotId the id it maps
     * @param weight the weight
     * @param lastAccess the last access
     * @return 1 if it inserted, 0 if the key has an entry (left unchanged)
     */
    int insertIfAbsent(String key, String snapshotId, long weight, long lastAccess);

    /**
     * Replaces a key's entry, which exists, making it the most recently used.
     *
     * @param key the key
     * @param snapshotId the id it maps now
     * @param weight the weight now
     * @param lastAccess the last access
     * @return the entry as it was before
     */
    EntryRow replace(String key, String snapshotId, long weight, long lastAccess);

    /**
     * Deletes a key's entry.
     *
     * @param key the key
     */
    void delete(String key);

    /**
     * Deletes expired entries: at least every entry last accessed at or before {@code cutoff} from
     * the least recently used end up to the first live one (a dialect may delete expired entries
     * behind a live one too).
     *
     * @param cutoff the latest last access that has expired
     * @return the deleted entries, in any order
     */
    List<EntryRow> deleteExpired(long cutoff);

    /**
     * Deletes the least recently used entry.
     *
     * @return the deleted entry, with whether another key still maps its id; empty only if there are
     *     no entries (a dialect whose hits take no lock retries a victim that a hit moved meanwhile)
     */
    Optional<VictimRow> deleteLeastRecentlyUsed();

    /**
     * Deletes up to {@code limit} entries, least recently used first, among those whose {@code
     * accessSeq} is {@code through} or less.
     *
     * @param through the most recent place in the order to delete
     * @param limit the most entries to delete
     * @return the deleted entries, in any order
     */
    List<EntryRow> deleteOldest(long through, int limit);

    /**
     * Tells whether any entry maps an id.
     *
     * @param snapshotId the id
     * @return true if a key maps it
     */
    boolean maps(String snapshotId);
}
