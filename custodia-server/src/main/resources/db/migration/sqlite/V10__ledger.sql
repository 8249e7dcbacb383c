-- Ledger (DESIGN.md §5): events recorded in business transactions wait in ledger_pending until the
-- integrator moves them, in one transaction, into their log's tiles, a new signed checkpoint and the log head.

-- Encoded entries (version byte + RFC 8785 JSON), in insertion order per log.
CREATE TABLE ledger_pending (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    log_id     TEXT    NOT NULL,
    entry      BLOB    NOT NULL,
    created_ms INTEGER NOT NULL
);
CREATE INDEX ledger_pending_by_log ON ledger_pending (log_id, id);

-- One row per log: its current size, root and signed checkpoint. A log exists from its first integration.
CREATE TABLE ledger_logs (
    log_id     TEXT PRIMARY KEY,
    origin     TEXT    NOT NULL,
    tenant_id  TEXT,
    size       INTEGER NOT NULL CHECK (size > 0),
    root       BLOB    NOT NULL,
    checkpoint BLOB    NOT NULL,
    updated_at TEXT    NOT NULL
);

-- Every checkpoint ever signed; (log_id, size) is unique, so a log can never have two trees of one size.
CREATE TABLE ledger_checkpoints (
    log_id     TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    root       BLOB    NOT NULL,
    note       BLOB    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (log_id, size)
);

-- C2SP tlog-tiles resources: hash tiles (level 0..63) and entry bundles (level -1), full (width 256) or
-- partial. Partial tiles are deleted once the full tile at the same coordinates exists.
CREATE TABLE ledger_tiles (
    log_id TEXT    NOT NULL,
    level  INTEGER NOT NULL,
    idx    INTEGER NOT NULL,
    width  INTEGER NOT NULL,
    data   BLOB    NOT NULL,
    PRIMARY KEY (log_id, level, idx, width)
);
