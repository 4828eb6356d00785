package io.github.snapshotregistry;

/** The two orders in which {@link SnapshotRegistry#streamEntries} streams the entries. */
public enum RecencyOrder {

    /** The least recently used entry first: the order of {@link SnapshotRegistry#entries()}. */
    LEAST_RECENT_FIRST,

    /** The most recently used entry first: the reverse of {@link SnapshotRegistry#entries()}. */
    MOST_RECENT_FIRST
}
