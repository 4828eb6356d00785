-- The registry's counters, in one row: size() and totalWeight() read it in constant time.
CREATE TABLE registry_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    entry_count  INTEGER NOT NULL CHECK (entry_count >= 0),
    total_weight INTEGER NOT NULL CHECK (total_weight >= 0)
);

-- One row per key. access_seq is the recency order (strict, no ties): each access takes one more
-- than the highest in the index. last_access is the clock's millisecond of that access, for expiry
-- only; expired entries are found by walking the recency index from its least recently used end.
CREATE TABLE entry (
    key         TEXT    NOT NULL PRIMARY KEY,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    last_access INTEGER NOT NULL,
    access_seq  INTEGER NOT NULL
);
CREATE UNIQUE INDEX entry_recency ON entry (access_seq);
CREATE INDEX entry_snapshot ON entry (snapshot_id);

-- The outbox: removals not yet accepted by a listener, written in the transaction that removed
-- them, oldest first by seq. A seq may be used again once its row is gone, so a row is named by its
-- seq and snapshot id together.
CREATE TABLE pending_eviction (
    seq         INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    cause       TEXT    NOT NULL CHECK (cause IN ('CAPACITY', 'EXPIRED', 'REPLACED', 'EXPLICIT'))
);
CREATE INDEX pending_eviction_snapshot ON pending_eviction (snapshot_id);

-- A file of the Rust original holds its entries in `snapshots` (access time in whole seconds);
-- Flyway baselines such a file at version 0 so that this migration adopts them: recency from
-- accessed_at, ties broken by rowid, weight 1. On a new file the table is created empty and dropped.
CREATE TABLE IF NOT EXISTS snapshots (
    key         TEXT PRIMARY KEY,
    snapshot_id TEXT    NOT NULL,
    accessed_at INTEGER NOT NULL
);
INSERT INTO entry (key, snapshot_id, weight, last_access, access_seq)
SELECT key, snapshot_id, 1, accessed_at * 1000, row_number() OVER (ORDER BY accessed_at, rowid)
FROM snapshots;
INSERT INTO registry_state (id, entry_count, total_weight)
SELECT 1, count(*), count(*) FROM entry;
DROP TABLE snapshots;
