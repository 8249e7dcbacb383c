-- Access: role grants that wait for a second person, and the roles tenants define for themselves.
--
-- A role request is a grant held back until a security officer approves it: every grant of a provider role
-- to a staff member (two-person rule), and any grant a segregation-of-duties rule sends for approval.
-- Nobody approves a request they made, nor one for their own account. A request is decided once; a pending
-- one stops counting after expires_at (it is then shown as expired and can no longer be approved).
CREATE TABLE role_requests (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    role         TEXT NOT NULL,
    tenant_id    TEXT NOT NULL DEFAULT '',
    cause        TEXT NOT NULL CHECK (cause IN ('two-person-rule', 'segregation-of-duties')),
    sod_pair     TEXT,
    requested_by TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'expired')),
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    decision_reason TEXT
);
CREATE INDEX role_requests_state ON role_requests (state, requested_at);
-- At most one pending request per account, role and scope.
CREATE UNIQUE INDEX role_requests_one_pending ON role_requests (account_id, role, tenant_id) WHERE state = 'pending';

-- A tenant's own roles: a name (custom:<slug>), a description, and tenant permissions only (never an
-- administrative one). Assigned like the built-in tenant roles, on that tenant only.
CREATE TABLE tenant_roles (
    tenant_id   TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, name)
);
