-- Recency from a sequence instead of a counter in the registry's row: a get hit takes the next
-- number in its one UPDATE without locking the registry. One sequence serves every registry of the
-- schema; within a registry the numbers stay strictly ordered. It starts after every number the
-- counters gave, so the entries of an existing registry keep their order.
CREATE SEQUENCE access_seq;
SELECT setval('access_seq', greatest(
    (SELECT max(last_access_seq) FROM registry), (SELECT max(access_seq) FROM entry), 1));
ALTER TABLE registry DROP COLUMN last_access_seq;
