-- The number of rows in pending_eviction, kept in the counter row that every write reads already, so
-- that storing an id skips cancelling its pending evictions when there are none. Every statement
-- that inserts or deletes outbox rows adjusts it in the same transaction.
ALTER TABLE registry_state ADD COLUMN pending_count INTEGER NOT NULL DEFAULT 0 CHECK (pending_count >= 0);
UPDATE registry_state SET pending_count = (SELECT count(*) FROM pending_eviction);
