-- Notices to the tenant's security contact about just-in-time staff access (elevation): one notice per
-- request, approval, denial, activation, conclusion, revocation and expiry, written in the transaction of the
-- change (from its ledger event), so a rolled-back change leaves none; seq keeps the order they were written in.
-- Metadata only: the ids, the ledger event's action and its non-personal reason; the bilingual text is rendered
-- when read.
CREATE TABLE notices (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    tenant_id   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    request_id  TEXT,
    actor       TEXT    NOT NULL,
    reason      TEXT,
    ledger_request_id TEXT,
    occurred_at TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    read_at     TEXT,
    read_by     TEXT
);
CREATE INDEX notices_tenant ON notices (tenant_id, seq);

-- The tenant's webhook endpoints (Standard Webhooks). The signing secret is stored only encrypted under the
-- tenant's own records AEAD, with associated data binding tenant and endpoint id; it is shown once, at creation.
CREATE TABLE notice_webhook_endpoints (
    id         TEXT    NOT NULL PRIMARY KEY,
    tenant_id  TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    secret     BLOB    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by TEXT    NOT NULL
);
CREATE INDEX notice_webhook_endpoints_tenant ON notice_webhook_endpoints (tenant_id);

-- The outbox: one delivery per notice and endpoint, written with the notice. Its id is the webhook-id (the same
-- on every retry). State, attempt count and the next attempt time only, no content and no secret: the worker
-- claims due rows across tenants with a conditional UPDATE (state pending -> sending, a lease until
-- claimed_until), then reads the endpoint and the notice in the tenant's row scope.
CREATE TABLE notice_deliveries (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    tenant_id       TEXT    NOT NULL,
    endpoint_id     TEXT    NOT NULL,
    notice_id       TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    claimed_until   TEXT,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX notice_deliveries_due ON notice_deliveries (state, next_attempt_at);
CREATE INDEX notice_deliveries_endpoint ON notice_deliveries (tenant_id, endpoint_id, seq);

-- Every attempt's outcome: the HTTP status, or what failed before one came back (timeout, connection, refused
-- address). Never the body, never the secret.
CREATE TABLE notice_delivery_attempts (
    delivery_id  TEXT    NOT NULL REFERENCES notice_deliveries (id),
    attempt      INTEGER NOT NULL,
    at           TEXT    NOT NULL,
    status       INTEGER,
    outcome      TEXT    NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
