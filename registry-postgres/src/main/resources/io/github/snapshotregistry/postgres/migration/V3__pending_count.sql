-- The outbox's row count in the registry's row, kept exact by every write like the other two
-- counters (the write engine's counters row): a write that changes no counter writes none back.
ALTER TABLE registry ADD COLUMN pending_count bigint NOT NULL DEFAULT 0 CHECK (pending_count >= 0);
UPDATE registry SET pending_count = (SELECT count(*) FROM pending_eviction WHERE registry_id = registry.id);
