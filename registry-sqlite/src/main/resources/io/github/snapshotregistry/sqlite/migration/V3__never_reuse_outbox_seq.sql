-- A registry deletes the outbox rows it delivered in its next write, naming each by seq and snapshot
-- id. A plain INTEGER PRIMARY KEY hands a deleted row's seq out again, so such a delete could hit a
-- newer row of the same id that another registry on the file wrote meanwhile, and lose an eviction.
-- AUTOINCREMENT never reuses a seq: the table is rebuilt with it, rows and order kept.
CREATE TABLE pending_eviction_by_unique_seq (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT    NOT NULL,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    cause       TEXT    NOT NULL CHECK (cause IN ('CAPACITY', 'EXPIRED', 'REPLACED', 'EXPLICIT'))
);
INSERT INTO pending_eviction_by_unique_seq (seq, key, snapshot_id, weight, cause)
    SELECT seq, key, snapshot_id, weight, cause FROM pending_eviction;
DROP TABLE pending_eviction;
ALTER TABLE pending_eviction_by_unique_seq RENAME TO pending_eviction;
CREATE INDEX pending_eviction_snapshot ON pending_eviction (snapshot_id);
