-- How a just-in-time access grant's end reaches every node (elevation, commitment 5).
--
-- elevation_grant_version: one counter, incremented by every activation or end of a grant in its own transaction
-- (the row lock orders those transactions, so a version is visible only once every lower one is); each node
-- polls it (custodia.elevation.revocation.poll, default 250 ms) and reloads its in-memory grants when it moved.
-- elevation_nodes: each running node's id, the highest version it has applied, and when it last said so;
-- a revocation is confirmed when every live node has applied it. elevation_requests gains the revocation of the
-- request's grant: revoking (ended in the store, not yet confirmed on every node), revoked (confirmed), or
-- revocation-failed (not confirmed within custodia.elevation.revocation.deadline: a critical alert), with the
-- version it waits for, when it started and when it was confirmed. Metadata only: no tenant content.
CREATE TABLE elevation_grant_version (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version BIGINT  NOT NULL
);
INSERT INTO elevation_grant_version (id, version) VALUES (1, 0);

CREATE TABLE elevation_nodes (
    node_id     TEXT        NOT NULL PRIMARY KEY,
    applied_version BIGINT      NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL
);

ALTER TABLE elevation_requests ADD COLUMN revocation_state TEXT
    CHECK (revocation_state IN ('revoking', 'revoked', 'revocation-failed'));
ALTER TABLE elevation_requests ADD COLUMN revocation_version BIGINT;
ALTER TABLE elevation_requests ADD COLUMN revocation_started_at TIMESTAMPTZ;
ALTER TABLE elevation_requests ADD COLUMN revocation_confirmed_at TIMESTAMPTZ;
ALTER TABLE elevation_requests ADD COLUMN revocation_failed_at TIMESTAMPTZ;
CREATE INDEX elevation_requests_revocation ON elevation_requests (revocation_state);
