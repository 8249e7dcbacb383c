-- Security alerts (commitment 3): raised by the alert rules that observe the ledger, and by other modules
-- through SecurityAlerts. Identifiers and metadata only, like the ledger: the subject is an account or key
-- id, the detail names rules and ids, never a person. Each alert is ledgered as alert.raised when it is
-- written; acknowledging it (once, with a note a security officer writes) is ledgered as alert.acknowledged
-- with the note's SHA-256. The note itself stays in this table.
--
-- Nothing is ever deleted, and an alert changes only once, from open to acknowledged: the triggers below
-- refuse every DELETE and TRUNCATE statement (even one that matches no row) and any other UPDATE, whoever
-- sends it.
CREATE TABLE security_alerts (
    seq                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                 TEXT        NOT NULL UNIQUE,
    kind               TEXT        NOT NULL,
    severity           TEXT        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    raised_at          TIMESTAMPTZ NOT NULL,
    subject            TEXT        NOT NULL,
    tenant_id          TEXT,
    detail             TEXT        NOT NULL,
    trigger_action     TEXT,
    trigger_request_id TEXT,
    acknowledged_at    TIMESTAMPTZ,
    acknowledged_by    TEXT,
    note               TEXT,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
    CHECK ((acknowledged_at IS NULL) = (note IS NULL))
);
CREATE INDEX security_alerts_open ON security_alerts (seq) WHERE acknowledged_at IS NULL;
CREATE INDEX security_alerts_acknowledged ON security_alerts (seq) WHERE acknowledged_at IS NOT NULL;

CREATE FUNCTION security_alerts_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'security alerts are never deleted' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER security_alerts_no_delete BEFORE DELETE ON security_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION security_alerts_refuse_delete();
CREATE TRIGGER security_alerts_no_truncate BEFORE TRUNCATE ON security_alerts
    FOR EACH STATEMENT EXECUTE FUNCTION security_alerts_refuse_delete();

CREATE FUNCTION security_alerts_acknowledge_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.acknowledged_at IS NOT NULL
            OR NEW.acknowledged_at IS NULL
            OR NEW.seq IS DISTINCT FROM OLD.seq
            OR NEW.id IS DISTINCT FROM OLD.id
            OR NEW.kind IS DISTINCT FROM OLD.kind
            OR NEW.severity IS DISTINCT FROM OLD.severity
            OR NEW.raised_at IS DISTINCT FROM OLD.raised_at
            OR NEW.subject IS DISTINCT FROM OLD.subject
            OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id
            OR NEW.detail IS DISTINCT FROM OLD.detail
            OR NEW.trigger_action IS DISTINCT FROM OLD.trigger_action
            OR NEW.trigger_request_id IS DISTINCT FROM OLD.trigger_request_id THEN
        RAISE EXCEPTION 'a security alert changes only once: from open to acknowledged'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER security_alerts_acknowledge_once BEFORE UPDATE ON security_alerts
    FOR EACH ROW EXECUTE FUNCTION security_alerts_acknowledge_once();
