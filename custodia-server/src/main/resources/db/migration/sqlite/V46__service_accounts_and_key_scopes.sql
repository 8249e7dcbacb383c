-- Service accounts and key scopes.
--
-- Service accounts (kind 'service') are machine identities: a name and a description chosen by an
-- administrator (no personal data), no username, no password, no second factor. A tenant's service account
-- belongs to the tenant; a platform service account to no tenant (staff accounts too; tenant users always
-- have one). Names are unique within a tenant (and among the platform's).
--
-- SQLite cannot change a table's CHECK constraints in place: the table is rebuilt. Its foreign keys
-- (account_roles, account_passwords, account_totp, account_recovery_codes, account_invitations,
-- webauthn_ceremonies) are checked at commit: the rows are copied back under the same ids first.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE accounts_before_v46 AS SELECT * FROM accounts;
DROP TABLE accounts;
CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('staff', 'tenant-user', 'service')),
    tenant_id        TEXT,
    username         TEXT UNIQUE,
    name             TEXT,
    description      TEXT,
    state            TEXT NOT NULL CHECK (state IN ('invited', 'active', 'suspended', 'deprovisioned')),
    created_at       TEXT NOT NULL,
    state_changed_at TEXT NOT NULL,
    CHECK (kind <> 'staff' OR tenant_id IS NULL),
    CHECK (kind <> 'tenant-user' OR tenant_id IS NOT NULL),
    CHECK ((kind = 'service') = (username IS NULL)),
    CHECK ((kind = 'service') = (name IS NOT NULL)),
    CHECK (kind = 'service' OR description IS NULL)
);
INSERT INTO accounts (id, kind, tenant_id, username, state, created_at, state_changed_at)
    SELECT id, kind, tenant_id, username, state, created_at, state_changed_at FROM accounts_before_v46;
DROP TABLE accounts_before_v46;
CREATE INDEX accounts_tenant ON accounts (tenant_id);
CREATE UNIQUE INDEX accounts_service_name_unique ON accounts (COALESCE(tenant_id, ''), name) WHERE kind = 'service';

-- A key's scopes: the permission codes it is narrowed to, sorted and comma-separated (null: everything its
-- roles allow). Its effective authority is what its roles allow on those permissions only.
ALTER TABLE api_keys ADD COLUMN scopes TEXT;
