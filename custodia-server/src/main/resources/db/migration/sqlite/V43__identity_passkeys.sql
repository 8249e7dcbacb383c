-- Identity: passkeys (WebAuthn) as a second factor, through Spring Security's relying party.
-- user_entities and user_credentials are Spring Security's own schema (user-entities-schema.sql and
-- user-credentials-schema.sql of spring-security-web 7.1.2, Apache-2.0), unchanged: its
-- JdbcPublicKeyCredentialUserEntityRepository and JdbcUserCredentialRepository read and write them.
-- A user entity's name is the account id (acc-…), its display name the username; ids are base64url text.
-- A credential holds the public key and the registration's attestation, never a private key or a secret.

create table user_entities
(
    id           varchar(1000) not null,
    name         varchar(100)  not null,
    display_name varchar(200),
    primary key (id)
);

create table user_credentials
(
    credential_id                varchar(1000) not null,
    user_entity_user_id          varchar(1000) not null,
    public_key                   blob          not null,
    signature_count              bigint,
    uv_initialized               boolean,
    backup_eligible              boolean       not null,
    authenticator_transports     varchar(1000),
    public_key_credential_type   varchar(100),
    backup_state                 boolean       not null,
    attestation_object           blob,
    attestation_client_data_json blob,
    created                      timestamp,
    last_used                    timestamp,
    label                        varchar(1000) not null,
    primary key (credential_id)
);

-- Custodia's own: lookups by account, and by user entity.
CREATE UNIQUE INDEX user_entities_name ON user_entities (name);
CREATE INDEX user_credentials_user ON user_credentials (user_entity_user_id);

-- A WebAuthn ceremony between its two requests (options, then the authenticator's answer): the options
-- exactly as sent, bound to one account and one purpose, valid 5 minutes and consumed by the first answer,
-- right or wrong (DELETE ... WHERE id = ? AND account_id = ?: one row or none). Nothing secret: a challenge
-- is public; what it protects is that each is answered once, by the account it was made for.
CREATE TABLE webauthn_ceremonies (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('registration', 'sign-in')),
    options    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX webauthn_ceremonies_account ON webauthn_ceremonies (account_id, purpose);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
