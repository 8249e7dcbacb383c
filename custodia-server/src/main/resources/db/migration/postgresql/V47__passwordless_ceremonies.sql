-- Identity: passwordless passkey sign-in. Its ceremony is opened before anyone is known (the browser offers
-- the passkeys it holds for this site), so it is bound to no account: account_id is null exactly for the
-- purpose 'passwordless'. Still valid 5 minutes and consumed by the first answer.
ALTER TABLE webauthn_ceremonies ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE webauthn_ceremonies DROP CONSTRAINT webauthn_ceremonies_purpose_check;
ALTER TABLE webauthn_ceremonies ADD CONSTRAINT webauthn_ceremonies_purpose_check
    CHECK ((purpose IN ('registration', 'sign-in') AND account_id IS NOT NULL)
        OR (purpose = 'passwordless' AND account_id IS NULL));
