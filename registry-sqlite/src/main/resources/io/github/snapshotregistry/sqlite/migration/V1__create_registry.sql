-- The registry's counters and its recency sequence, in one row: size() and totalWeight() read it in
-- constant time, and every write transaction takes the next access number from it.
CREATE TABLE registry_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    entry_count     INTEGER NOT NULL CHECK (entry_count >= 0),
    total_weight    INTEGER NOT NULL CHECK (total_weight >= 0),
    last_access_seq INTEGER NOT NULL
);

-- One row per key. access_seq is the recency order (strict, no ties); last_access is the clock's
-- millisecond of that access, used for expiry only.
CREATE TABLE entry (
    key         TEXT    NOT NULL PRIMARY KEY,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    last_access INTEGER NOT NULL,
    access_seq  INTEGER NOT NULL
);
CREATE UNIQUE INDEX entry_recency ON entry (access_seq);
CREATE INDEX entry_snapshot ON entry (snapshot_id);
CREATE INDEX entry_last_access ON entry (last_access);

-- The outbox: removals not yet accepted by a listener, written in the transaction that removed
-- them. AUTOINCREMENT: a sequence number is never reused, so a delivered row is never confused
-- with a later one.
CREATE TABLE pending_eviction (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO registry_state (id, entry_count, total_weight, last_access_seq)
SELECT 1, count(*), count(*), count(*) FROM entry;
DROP TABLE snapshots;
