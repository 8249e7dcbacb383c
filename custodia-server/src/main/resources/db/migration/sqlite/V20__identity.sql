-- Identity: bearer API keys and the one-time setup token of the first administrator.
-- SQLite: instants are UTC ISO-8601 text of fixed width (microseconds), so they compare as text.
-- Secrets are never stored: only the SHA-256 of a key's secret (hex) and of the setup token.
-- A key's description is an operator's label, never personal data.
CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    secret_hash  TEXT NOT NULL,
    roles        TEXT NOT NULL,
    tenant       TEXT,
    description  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    revoked_at   TEXT,
    revoked_by   TEXT,
    last_used_at TEXT
);

CREATE INDEX api_keys_tenant ON api_keys (tenant);

-- At most one live token at a time: a restart before setup replaces it. Consumed by an atomic
-- DELETE ... WHERE token_hash = ? AND expires_at > ? (row count 1 or nothing).
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
