-- Access: staff confidentiality agreements (commitment 3), the notices sent before they expire, and the roles
-- suspended while a staff member has no valid agreement.
--
-- An agreement is registered by a security officer (never by its own staff member): its kind, the day it was
-- signed, the last day it is valid, and the SHA-256 of the signed document (the document itself is never
-- stored). It is never deleted or changed, only ended (withdrawn), with who, when and a reason code. It is
-- valid from signed_on through expires_on (UTC days, ISO text: text order is date order) unless ended.
CREATE TABLE confidentiality_agreements (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    kind            TEXT NOT NULL,
    signed_on       TEXT NOT NULL CHECK (signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    expires_on      TEXT NOT NULL CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    document_sha256 TEXT NOT NULL CHECK (length(document_sha256) = 64 AND document_sha256 NOT GLOB '*[^0-9a-f]*'),
    registered_at   TEXT NOT NULL,
    registered_by   TEXT NOT NULL,
    ended_at        TEXT,
    ended_by        TEXT,
    end_reason      TEXT,
    CHECK (expires_on > signed_on),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL) AND (ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX confidentiality_agreements_account ON confidentiality_agreements (account_id);
CREATE INDEX confidentiality_agreements_expiry ON confidentiality_agreements (expires_on) WHERE ended_at IS NULL;

-- The in-app notice that an agreement expires soon: at most one per agreement (the primary key makes it once),
-- read by its staff member and listed to security officers.
CREATE TABLE agreement_notices (
    agreement_id TEXT PRIMARY KEY REFERENCES confidentiality_agreements (id),
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX agreement_notices_account ON agreement_notices (account_id);

-- Identity: roles taken from an account without being revoked (for example while it has no valid
-- confidentiality agreement). The row moves here from account_roles with its grant, and back when the role is
-- reinstated (after the same checks as a grant). reason is a code, e.g. agreement-expired.
CREATE TABLE account_role_suspensions (
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    role         TEXT NOT NULL,
    tenant_id    TEXT NOT NULL DEFAULT '',
    granted_at   TEXT NOT NULL,
    granted_by   TEXT NOT NULL,
    suspended_at TEXT NOT NULL,
    suspended_by TEXT NOT NULL,
    reason       TEXT NOT NULL,
    PRIMARY KEY (account_id, role, tenant_id)
);
