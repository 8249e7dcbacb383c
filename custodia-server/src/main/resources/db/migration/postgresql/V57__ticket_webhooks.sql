-- Ticket-system webhooks (elevation): the ids of the signed deliveries received, per ticket system, so that a
-- replayed delivery is refused across restarts and across nodes sharing the database. A row is kept until its
-- delivery's timestamp has left the tolerance window (after which the timestamp check refuses it anyway).
-- No secret and no payload is stored.
CREATE TABLE elevation_webhook_deliveries (
    ticket_system TEXT        NOT NULL,
    webhook_id    TEXT        NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    keep_until    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (ticket_system, webhook_id)
);
CREATE INDEX elevation_webhook_deliveries_keep_until ON elevation_webhook_deliveries (keep_until);
