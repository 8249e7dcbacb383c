-- Tenant register (commitments 1 and 10). The contract is a JSON document (it holds contact data:
-- personal data that stays here and never reaches a ledger entry). seq orders the register for cursor
-- pagination; version is the optimistic-concurrency counter exposed as the HTTP ETag.
CREATE TABLE tenants (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    state      TEXT    NOT NULL CHECK (state IN ('provisioning', 'active', 'suspended', 'terminated')),
    version    INTEGER NOT NULL CHECK (version >= 1),
    contract   TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Every lifecycle transition, with actor and reason (from_state is null for the creation).
CREATE TABLE tenant_transitions (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  TEXT    NOT NULL REFERENCES tenants (id),
    from_state TEXT,
    to_state   TEXT    NOT NULL,
    actor_id   TEXT    NOT NULL,
    actor_kind TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    at         TEXT    NOT NULL
);
CREATE INDEX tenant_transitions_tenant ON tenant_transitions (tenant_id, seq);

-- Idempotency-Key of tenant creation, per caller: the request's hash and the response it got.
CREATE TABLE tenant_idempotency_keys (
    caller_id    TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    tenant_id    TEXT NOT NULL REFERENCES tenants (id),
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (caller_id, idem_key)
);
