-- Per-tenant MFA policy, kept by identity from the tenant's contract (profile strict: a second factor is
-- required of every user of the tenant). A tenant without a row requires it only of administrators.
CREATE TABLE tenant_mfa_policies (
    tenant_id    TEXT PRIMARY KEY,
    mfa_required BOOLEAN NOT NULL
);
