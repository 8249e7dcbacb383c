-- Access reviews (commitment 3): campaigns that list every role assignment with the audience that reviews it;
-- reviewers certify or revoke; what is undecided at the deadline is revoked automatically.
--
-- A campaign is opened on demand by a security officer, or by the quarterly job ('quarterly', at most one per
-- calendar quarter: quarter is unique, e.g. '2026-Q4', and null for on-demand campaigns). opened_by is an
-- account id, or 'system'.
CREATE TABLE access_review_campaigns (
    id           TEXT PRIMARY KEY,
    trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('quarterly', 'on-demand')),
    quarter      TEXT UNIQUE,
    opened_at    TIMESTAMPTZ NOT NULL,
    opened_by    TEXT NOT NULL,
    deadline     TIMESTAMPTZ NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closed_at    TIMESTAMPTZ,
    CHECK ((trigger_kind = 'quarterly') = (quarter IS NOT NULL)),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX access_review_campaigns_due ON access_review_campaigns (state, deadline);
CREATE INDEX access_review_campaigns_opened ON access_review_campaigns (opened_at);

-- One role assignment as it was when the campaign opened: the account, the role, the tenant it applies to
-- ('' for the platform) and who reviews it: 'security-officer' (platform assignments, and a tenant's assignments
-- that no other active administrator of the tenant can review) or 'tenant-admin' (the tenant's administrators).
-- decision is null until decided: 'certified' or 'revoked' by a reviewer (decided_by: the reviewer's account
-- id), 'auto-revoked' at the deadline or 'gone' when the assignment no longer existed (decided_by 'system').
-- The note is the reviewer's own text: kept here only, never in a ledger. No foreign key to accounts: a
-- campaign's record outlives the accounts it names.
CREATE TABLE access_review_items (
    id          TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES access_review_campaigns (id),
    account_id  TEXT NOT NULL,
    role        TEXT NOT NULL,
    tenant_id   TEXT NOT NULL DEFAULT '',
    reviewer    TEXT NOT NULL CHECK (reviewer IN ('security-officer', 'tenant-admin')),
    decision    TEXT CHECK (decision IN ('certified', 'revoked', 'auto-revoked', 'gone', 'kept')),
    decided_at  TIMESTAMPTZ,
    decided_by  TEXT,
    note        TEXT,
    UNIQUE (campaign_id, account_id, role, tenant_id),
    CHECK ((decision IS NULL) = (decided_at IS NULL)),
    CHECK ((decision IS NULL) = (decided_by IS NULL)),
    CHECK (decision IN ('certified', 'revoked') OR note IS NULL)
);
CREATE INDEX access_review_items_tenant ON access_review_items (tenant_id, campaign_id);
