-- Security alerts (commitment 3): raised by the alert rules that observe the ledger, and by other modules
-- through SecurityAlerts. Identifiers and metadata only, like the ledger: the subject is an account or key
-- id, the detail names rules and ids, never a person. Each alert is ledgered as alert.raised when it is
-- written; acknowledging it (once, with a note a security officer writes) is ledgered as alert.acknowledged
-- with the note's SHA-256. The note itself stays in this table.
--
-- Nothing is ever deleted, and an alert changes only once, from open to acknowledged: the triggers below
-- refuse every DELETE and any other UPDATE, whoever sends it. (SQLite skips its truncate optimisation on a
-- table with a DELETE trigger, so DELETE without WHERE is refused too.)
CREATE TABLE security_alerts (
    seq                INTEGER PRIMARY KEY AUTOINCREMENT,
    id                 TEXT    NOT NULL UNIQUE,
    kind               TEXT    NOT NULL,
    severity           TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    raised_at          TEXT    NOT NULL,
    subject            TEXT    NOT NULL,
    tenant_id          TEXT,
    detail             TEXT    NOT NULL,
    trigger_action     TEXT,
    trigger_request_id TEXT,
    acknowledged_at    TEXT,
    acknowledged_by    TEXT,
    note               TEXT,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
    CHECK ((acknowledged_at IS NULL) = (note IS NULL))
);
CREATE INDEX security_alerts_open ON security_alerts (seq) WHERE acknowledged_at IS NULL;
CREATE INDEX security_alerts_acknowledged ON security_alerts (seq) WHERE acknowledged_at IS NOT NULL;

CREATE TRIGGER security_alerts_no_delete BEFORE DELETE ON security_alerts
BEGIN
    SELECT RAISE(ABORT, 'security alerts are never deleted');
END;

CREATE TRIGGER security_alerts_acknowledge_once BEFORE UPDATE ON security_alerts
WHEN OLD.acknowledged_at IS NOT NULL
    OR NEW.acknowledged_at IS NULL
    OR NEW.seq IS NOT OLD.seq
    OR NEW.id IS NOT OLD.id
    OR NEW.kind IS NOT OLD.kind
    OR NEW.severity IS NOT OLD.severity
    OR NEW.raised_at IS NOT OLD.raised_at
    OR NEW.subject IS NOT OLD.subject
    OR NEW.tenant_id IS NOT OLD.tenant_id
    OR NEW.detail IS NOT OLD.detail
    OR NEW.trigger_action IS NOT OLD.trigger_action
    OR NEW.trigger_request_id IS NOT OLD.trigger_request_id
BEGIN
    SELECT RAISE(ABORT, 'a security alert changes only once: from open to acknowledged');
END;
