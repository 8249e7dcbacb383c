-- Just-in-time staff access (commitment 5): a support engineer's request for time-boxed access to one tenant's
-- data, under a ticket and a reason code, approved by security officers and (per the tenant's policy) by one
-- of the tenant's administrators, activated by the requester, ended by conclusion, revocation or expiry.
-- Metadata only, no tenant content: not under row-level security (the grants in force are loaded across
-- tenants when a node starts). reason_text is the requester's free text: kept here, never ledgered.
CREATE TABLE elevation_requests (
    id                 TEXT        NOT NULL PRIMARY KEY,
    tenant_id          TEXT        NOT NULL,
    requester          TEXT        NOT NULL,
    ticket_system      TEXT        NOT NULL,
    ticket             TEXT        NOT NULL,
    reason_code        TEXT        NOT NULL CHECK (reason_code IN ('troubleshooting', 'customer-requested-support',
                                       'incident-response', 'legal-obligation')),
    reason_text        TEXT,
    access             TEXT        NOT NULL CHECK (access IN ('read', 'write')),
    collections        TEXT        NOT NULL,
    duration_seconds   BIGINT      NOT NULL CHECK (duration_seconds > 0),
    customer_gate      TEXT        NOT NULL CHECK (customer_gate IN ('required', 'not-required')),
    state              TEXT        NOT NULL CHECK (state IN ('pending-staff', 'pending-customer', 'approved',
                                       'active', 'concluded', 'revoked', 'expired', 'denied')),
    created_at         TIMESTAMPTZ NOT NULL,
    activated_at       TIMESTAMPTZ,
    expires_at         TIMESTAMPTZ,
    ended_at           TIMESTAMPTZ
);
CREATE INDEX elevation_requests_tenant ON elevation_requests (tenant_id, created_at);
CREATE INDEX elevation_requests_state ON elevation_requests (state);

-- Every step of a request, in order: requested, each approval, denial, activation, conclusion, revocation,
-- expiry; with who (an account id, or system), the state it left and the one it reached, and a note (a
-- denial's or revocation's reason as given, the narrowed scope of an approval).
CREATE TABLE elevation_request_history (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id TEXT        NOT NULL REFERENCES elevation_requests (id),
    event      TEXT        NOT NULL,
    from_state TEXT,
    to_state   TEXT        NOT NULL,
    actor      TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    note       TEXT
);
CREATE INDEX elevation_request_history_request ON elevation_request_history (request_id, seq);
