package io.github.snapshotregistry.jdbi;

/**
 * An entry evicted for capacity ({@link EntryStatements#deleteLeastRecentlyUsed}), and whether
 * another key still maps its id.
 *
 * <p>Internal: not API, may change in any release.
 *
 * @param entry the deleted entry
 * @param stillMapped true if another key maps the entry's id, which is then not offered
 */
public record VictimRow(EntryRow entry, boolean stillMapped) {}
