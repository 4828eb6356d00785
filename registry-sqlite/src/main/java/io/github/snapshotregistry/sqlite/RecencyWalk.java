package io.github.snapshotregistry.sqlite;

import io.github.snapshotregistry.jdbi.EntryRow;
import io.github.snapshotregistry.RecencyOrder;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Walks the entries along the recency index a page at a time, each page its own read, so that
 * memory does not grow with the registry and no read holds the file for long. An access gives an
 * entry a higher access number than any before: walking up, the walk meets it again; walking down,
 * it has jumped over the walk, so once the walk reaches the bottom it walks down again through the
 * access numbers handed out since it started, until no entry was accessed during a pass.
 */
final class RecencyWalk extends Spliterators.AbstractSpliterator<EntryRow> {

    private static final int PAGE = 1_000;

    private final Storage storage;
    private final RecencyOrder order;
    private Iterator<EntryRow> page = Collections.emptyIterator();
    /** The access number of the last entry read; the next page starts after it. */
    private long last;
    /** Walking down: the access number below which the current pass stops. */
    private long floor;
    /** Walking down: the newest access number when the current pass started. */
    private long passTop;
    private boolean started;

    RecencyWalk(Storage storage, RecencyOrder order) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.storage = storage;
        this.order = order;
    }

    @Override
    public boolean tryAdvance(Consumer<? super EntryRow> action) {
        while (!page.hasNext()) {
            List<EntryRow> rows = nextPage();
            if (rows.isEmpty()) {
                return false;
            }
            last = rows.get(rows.size() - 1).accessSeq();
            page = rows.iterator();
        }
        action.accept(page.next());
        return true;
    }

    private List<EntryRow> nextPage() {
        if (order == RecencyOrder.LEAST_RECENT_FIRST) {
            return read(() -> storage.entries().pageAfter(last, PAGE));
        }
        if (!started) {
            started = true;
            passTop = read(() -> storage.entries().newestAccess());
            last = passTop + 1;
        }
        while (true) {
            List<EntryRow> rows = read(() -> storage.entries().pageBefore(floor, last, PAGE));
            if (!rows.isEmpty()) {
                return rows;
            }
            long newest = read(() -> storage.entries().newestAccess());
            if (newest <= passTop) {
                return rows;
            }
            floor = passTop;
            passTop = newest;
            last = newest + 1;
        }
    }

    private <T> T read(Supplier<T> statement) {
        return storage.statement("streamEntries", statement);
    }
}
