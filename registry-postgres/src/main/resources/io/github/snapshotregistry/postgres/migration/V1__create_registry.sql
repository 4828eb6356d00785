-- One row per registry living in this schema: its O(1) counters and its recency sequence.
-- Every write transaction of a registry locks its row first, so writers of one registry are
-- serialized and the counters stay exact.
CREATE TABLE registry (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text   NOT NULL UNIQUE,
    entry_count     bigint NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
    total_weight    bigint NOT NULL DEFAULT 0 CHECK (total_weight >= 0),
    last_access_seq bigint NOT NULL DEFAULT 0
);

-- Keys and snapshot ids are UTF-8 in bytea: PostgreSQL text cannot hold NUL, which is a valid key.
-- They are looked up through their SHA-256 so that the index entries stay small for 2048-char keys.
CREATE TABLE entry (
    registry_id bigint NOT NULL REFERENCES registry (id),
    key         bytea  NOT NULL,
    snapshot_id bytea  NOT NULL,
    weight      bigint NOT NULL CHECK (weight >= 0),
    last_access bigint NOT NULL,
    access_seq  bigint NOT NULL
);
CREATE UNIQUE INDEX entry_key ON entry (registry_id, sha256(key));
CREATE UNIQUE INDEX entry_recency ON entry (registry_id, access_seq);
CREATE INDEX entry_snapshot ON entry (registry_id, sha256(snapshot_id));
CREATE INDEX entry_last_access ON entry (registry_id, last_access);

-- The outbox: removals not yet accepted by a listener, written in the transaction that removed
-- them. A host delivering a row holds a lease on it (claimed_until, by the database's clock), so
-- that no other host delivers it at the same time and a crashed host's claim expires.
CREATE TABLE pending_eviction (
    registry_id   bigint NOT NULL REFERENCES registry (id),
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    key           bytea  NOT NULL,
    snapshot_id   bytea  NOT NULL,
    weight        bigint NOT NULL CHECK (weight >= 0),
    cause         text   NOT NULL CHECK (cause IN ('CAPACITY', 'EXPIRED', 'REPLACED', 'EXPLICIT')),
    claimed_until timestamptz,
    PRIMARY KEY (registry_id, seq)
);
CREATE INDEX pending_eviction_snapshot ON pending_eviction (registry_id, sha256(snapshot_id));
