-- Identity: sign-in throttling against brute force (per account and per client address, separate counters
-- for passwords and for second factors).
-- No username and no address is stored: counter_key is the SHA-256 (hex) of kind|scope|value. A row
-- whose last failure is older than the window (default 1 h) counts as new and is purged.
CREATE TABLE signin_throttle (
    counter_key     TEXT        PRIMARY KEY,
    failures        BIGINT      NOT NULL CHECK (failures >= 1),
    last_failure_at TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ
);

CREATE INDEX signin_throttle_last_failure ON signin_throttle (last_failure_at);
