-- Identity: people and service accounts, their roles, passwords and second factors.
-- Personal data (the username, an e-mail address) lives here and never in a ledger: ledgers name accounts
-- by id. Secrets are stored only as hashes, except the TOTP seed, which the server needs to compute codes.
CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('staff', 'tenant-user', 'service')),
    tenant_id        TEXT,
    username         TEXT NOT NULL UNIQUE,
    state            TEXT NOT NULL CHECK (state IN ('invited', 'active', 'suspended', 'deprovisioned')),
    created_at       TIMESTAMPTZ NOT NULL,
    state_changed_at TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'staff') = (tenant_id IS NULL))
);
CREATE INDEX accounts_tenant ON accounts (tenant_id);

-- A role held by an account, on the platform (tenant_id '') or on one tenant.
CREATE TABLE account_roles (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    role       TEXT NOT NULL,
    tenant_id  TEXT NOT NULL DEFAULT '',
    granted_at TIMESTAMPTZ NOT NULL,
    granted_by TEXT NOT NULL,
    PRIMARY KEY (account_id, role, tenant_id)
);

-- Argon2id PHC strings (parameters recorded per hash).
CREATE TABLE account_passwords (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id),
    hash       TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);

-- One TOTP factor per account. confirmed_at is null until a first code proves the enrolment. last_step is
-- the last accepted RFC 6238 time step: a code is accepted only by
-- UPDATE ... SET last_step = ? WHERE account_id = ? AND last_step < ? (one row or none), so never twice.
CREATE TABLE account_totp (
    account_id   TEXT PRIMARY KEY REFERENCES accounts (id),
    secret       TEXT NOT NULL,
    last_step    BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    confirmed_at TIMESTAMPTZ
);

-- Single-use recovery codes, stored salted and hashed; used_at set atomically on use.
CREATE TABLE account_recovery_codes (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    idx        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    used_at    TIMESTAMPTZ,
    PRIMARY KEY (account_id, idx)
);

-- Single-use invitation links (72 h): only the SHA-256 of the token is kept.
CREATE TABLE account_invitations (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    expires_at TIMESTAMPTZ NOT NULL
);

-- API keys become owned: the account that created them, and whether that account had a fresh second
-- factor when it did (only such a key, of an owner with a second factor, carries administrative roles).
ALTER TABLE api_keys ADD COLUMN owner_id TEXT;
ALTER TABLE api_keys ADD COLUMN step_up BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX api_keys_owner ON api_keys (owner_id);
