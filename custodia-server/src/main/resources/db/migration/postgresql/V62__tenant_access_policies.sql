-- A tenant's own policy for just-in-time staff access (elevation), set by one of its administrators: when its
-- administrators must approve too (always, write, never), the longest access window it accepts (at most 24
-- hours), and whether it allows emergency break-glass access. A tenant without a row follows the defaults of
-- its policy profile (custodia.elevation.*). Who changed it and when; the change itself is in the tenant's log.
CREATE TABLE tenant_access_policies (
    tenant_id            TEXT        NOT NULL PRIMARY KEY,
    customer_approval    TEXT        NOT NULL CHECK (customer_approval IN ('always', 'write', 'never')),
    max_duration_seconds BIGINT      NOT NULL CHECK (max_duration_seconds > 0 AND max_duration_seconds <= 86400),
    break_glass          TEXT        NOT NULL CHECK (break_glass IN ('allowed', 'forbidden')),
    updated_at           TIMESTAMPTZ NOT NULL,
    updated_by           TEXT        NOT NULL
);
