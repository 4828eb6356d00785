package io.github.snapshotregistry.jdbi;

import java.util.ArrayList;
import java.util.List;

/**
 * The counters row.
 *
 * <p>Internal: not API, may change in any release.
 *
 * @param entryCount the number of entries
 * @param totalWeight their total weight
 * @param pendingCount the number of outbox rows
 */
public record CounterRow(long entryCount, long totalWeight, long pendingCount) {

    /**
     * Compares the counters with what the storage holds, for {@code checkStorage}: one line per
     * disagreement, in the words every adapter uses.
     *
     * @param entries the entries counted in the entries table
     * @param weight their weights summed
     * @param pending the outbox rows counted
     * @param remapped the outbox rows whose id an entry maps again (there should be none)
     * @return the problems found; empty if the counters are exact
     */
    public List<String> problems(long entries, long weight, long pending, long remapped) {
        List<String> problems = new ArrayList<>();
        if (entryCount != entries) {
            problems.add("entry_count is " + entryCount + " but there are " + entries + " entries");
        }
        if (totalWeight != weight) {
            problems.add("total_weight is " + totalWeight + " but the entries weigh " + weight);
        }
        if (pendingCount != pending) {
            problems.add("pending_count is " + pendingCount + " but there are " + pending + " pending evictions");
        }
        if (remapped > 0) {
            problems.add(remapped + " pending evictions name snapshot ids that entries map again");
        }
        return problems;
    }
}
