-- AUTOINCREMENT (migration V3) keeps the highest seq ever handed out in sqlite_sequence, a table of
-- its own: one more page written by every write that adds an outbox row. The counters row keeps it
-- instead (outbox_seq), written only by a write that deletes the outbox's highest row without adding
-- a higher one. A new row takes one more than the highest of outbox_seq, the outbox's own seqs and
-- the seqs its write deleted, so a seq is still never handed out again. The outbox is rebuilt as a
-- plain INTEGER PRIMARY KEY table, rows and order kept, and outbox_seq starts at the highest seq
-- AUTOINCREMENT handed out.
ALTER TABLE registry_state ADD COLUMN outbox_seq INTEGER NOT NULL DEFAULT 0 CHECK (outbox_seq >= 0);
UPDATE registry_state SET outbox_seq = max(
    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'pending_eviction'), 0),
    coalesce((SELECT max(seq) FROM pending_eviction), 0));
CREATE TABLE pending_eviction_by_seq (
    seq         INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    cause       TEXT    NOT NULL CHECK (cause IN ('CAPACITY', 'EXPIRED', 'REPLACED', 'EXPLICIT'))
);
INSERT INTO pending_eviction_by_seq (seq, key, snapshot_id, weight, cause)
    SELECT seq, key, snapshot_id, weight, cause FROM pending_eviction;
DROP TABLE pending_eviction;
ALTER TABLE pending_eviction_by_seq RENAME TO pending_eviction;
CREATE INDEX pending_eviction_snapshot ON pending_eviction (snapshot_id);
