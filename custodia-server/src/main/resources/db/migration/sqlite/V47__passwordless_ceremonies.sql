-- Identity: passwordless passkey sign-in. Its ceremony is opened before anyone is known (the browser offers
-- the passkeys it holds for this site), so it is bound to no account: account_id is null exactly for the
-- purpose 'passwordless'. Still valid 5 minutes and consumed by the first answer. SQLite cannot change a
-- column's constraints in place, so the table is rebuilt (ceremonies live minutes; none is lost).
CREATE TABLE webauthn_ceremonies_v47 (
    id         TEXT PRIMARY KEY,
    account_id TEXT REFERENCES accounts (id),
    purpose    TEXT NOT NULL,
    options    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    CHECK ((purpose IN ('registration', 'sign-in') AND account_id IS NOT NULL)
        OR (purpose = 'passwordless' AND account_id IS NULL))
);
INSERT INTO webauthn_ceremonies_v47 (id, account_id, purpose, options, created_at, expires_at)
    SELECT id, account_id, purpose, options, created_at, expires_at FROM webauthn_ceremonies;
DROP TABLE webauthn_ceremonies;
ALTER TABLE webauthn_ceremonies_v47 RENAME TO webauthn_ceremonies;
CREATE INDEX webauthn_ceremonies_account ON webauthn_ceremonies (account_id, purpose);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
