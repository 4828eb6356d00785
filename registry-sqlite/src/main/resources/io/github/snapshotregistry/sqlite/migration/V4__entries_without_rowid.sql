-- Every operation reaches an entry by its key. In a table with a rowid the key's index only points
-- at the row, so each insert and delete of an entry changed two b-trees and each access by key
-- searched both. WITHOUT ROWID keeps the rows in the key's own b-tree: one b-tree fewer to search
-- and to write for every entry a write inserts or deletes. The table is rebuilt, rows and indexes kept.
CREATE TABLE entry_by_key (
    key         TEXT    NOT NULL PRIMARY KEY,
    snapshot_id TEXT    NOT NULL,
    weight      INTEGER NOT NULL CHECK (weight >= 0),
    last_access INTEGER NOT NULL,
    access_seq  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO entry_by_key (key, snapshot_id, weight, last_access, access_seq)
    SELECT key, snapshot_id, weight, last_access, access_seq FROM entry;
DROP TABLE entry;
ALTER TABLE entry_by_key RENAME TO entry;
CREATE UNIQUE INDEX entry_recency ON entry (access_seq);
CREATE INDEX entry_snapshot ON entry (snapshot_id);
