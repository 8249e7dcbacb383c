-- Vault: each tenant's Tink keysets, one row per purpose (records: AES-256-GCM; blind-index: HMAC-SHA256
-- PRF; streaming: AES-256-GCM-HKDF 1 MB), each serialized with TinkProtoKeysetFormat.serializeEncryptedKeyset
-- under the tenant's key-encryption key (KEK) at kek_version, with associated data that binds the tenant id,
-- the purpose and the KEK version. The KEK itself lives in the KMS, never here: without it these rows are
-- noise (crypto-shredding). No key material is ever stored unwrapped.
CREATE TABLE tenant_keysets (
    tenant_id   TEXT    NOT NULL,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('records', 'blind-index', 'streaming')),
    kek_version INTEGER NOT NULL CHECK (kek_version >= 1),
    keyset      BYTEA   NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, purpose)
);
