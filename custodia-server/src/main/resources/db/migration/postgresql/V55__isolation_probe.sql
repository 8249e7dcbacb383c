-- Isolation probe (commitment 4): two canary tenants the probe created for itself, reused by every run, and
-- the result of each run. A run tries to cross from one canary tenant to the other through every path (the
-- API with the other tenant's key, the other tenant's keyset, a moved ciphertext, blind-index tokens, SQL
-- without a tenant filter) and keeps, per check, passed / failed / not-applicable with a short reason: ids and
-- counts only, never a canary value, a key or a token.
CREATE TABLE isolation_canaries (
    slot       TEXT        NOT NULL PRIMARY KEY CHECK (slot IN ('a', 'b')),
    tenant_id  TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- One row per run, in the order they were kept (seq); checks_json is a JSON array of {"id", "status", "reason"}.
CREATE TABLE isolation_probe_runs (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           TEXT        NOT NULL UNIQUE,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    outcome      TEXT        NOT NULL CHECK (outcome IN ('passed', 'failed')),
    triggered_by TEXT        NOT NULL,
    checks_json  TEXT        NOT NULL
);
