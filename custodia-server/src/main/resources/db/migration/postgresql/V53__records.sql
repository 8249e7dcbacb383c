-- Records: the SaaS application's tenant data (DESIGN.md §3, commitment 4 and 9). Every row carries its
-- tenant_id; document bodies are sealed with the tenant's records keyset (AES-256-GCM, Tink) under
-- associated data that binds tenant, collection, record id and version, so a ciphertext moved to another row,
-- tenant or version does not open. Indexed fields are searchable only through blind indexes: HMAC-SHA256
-- tokens under the tenant's PRF keyset. Blob bytes live encrypted in files (streaming AES-256-GCM); the
-- table holds their metadata. No plaintext tenant content is stored anywhere.

-- A collection and its schema: which fields are indexed (exact-match search through blind indexes) and
-- which are personal, plus the field that holds the data-subject key (JSON, field names only).
CREATE TABLE record_collections (
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    schema_json TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- One JSON document per row, current version only. key_id: the Tink key id that sealed it (re-encryption
-- finds older ones); subject_token: the blind token of the data-subject key, NULL when the collection has none.
CREATE TABLE records (
    tenant_id     TEXT        NOT NULL,
    collection    TEXT        NOT NULL,
    record_id     TEXT        NOT NULL,
    version       BIGINT      NOT NULL CHECK (version >= 1),
    key_id        BIGINT      NOT NULL,
    ciphertext    BYTEA       NOT NULL,
    subject_token BYTEA,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, collection, record_id),
    FOREIGN KEY (tenant_id, collection) REFERENCES record_collections (tenant_id, name)
);
CREATE INDEX records_by_subject ON records (tenant_id, subject_token);
CREATE INDEX records_by_key ON records (tenant_id, key_id);

-- Blind index entries: token = HMAC-SHA256 under the tenant's PRF key of (collection, field, value).
CREATE TABLE record_index (
    tenant_id  TEXT  NOT NULL,
    collection TEXT  NOT NULL,
    field      TEXT  NOT NULL,
    token      BYTEA NOT NULL,
    record_id  TEXT  NOT NULL,
    PRIMARY KEY (tenant_id, collection, field, token, record_id),
    FOREIGN KEY (tenant_id, collection, record_id) REFERENCES records (tenant_id, collection, record_id)
        ON DELETE CASCADE
);
CREATE INDEX record_index_by_record ON record_index (tenant_id, collection, record_id);

-- Blobs: metadata only; the bytes are a streaming-AEAD file named by tenant, blob id and version.
CREATE TABLE blobs (
    tenant_id    TEXT        NOT NULL,
    blob_id      TEXT        NOT NULL,
    version      BIGINT      NOT NULL CHECK (version >= 1),
    size         BIGINT      NOT NULL CHECK (size >= 0),
    sha256       TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, blob_id)
);

-- Background re-encryption of a tenant's records under its current primary keys: resumable (cursor).
CREATE TABLE reencryption_jobs (
    tenant_id     TEXT        NOT NULL PRIMARY KEY,
    state         TEXT        NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
    cursor_collection TEXT,
    cursor_record TEXT,
    done          BIGINT      NOT NULL DEFAULT 0,
    total         BIGINT      NOT NULL DEFAULT 0,
    error         TEXT,
    started_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Tenants whose key-encryption keys were destroyed (crypto-shredding): their data can never be read again,
-- and their keysets are never provisioned anew. Checked by every records and blobs call, on every node.
CREATE TABLE crypto_shredded (
    tenant_id   TEXT        NOT NULL PRIMARY KEY,
    shredded_at TIMESTAMPTZ NOT NULL
);
