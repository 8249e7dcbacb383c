-- Emergency break-glass access (elevation): a grant that skipped both approval gates because the tenant's policy
-- allows it, marked emergency, with its post-hoc review by a security officer: when it is due (activation plus
-- custodia.elevation.break-glass.review-within), who reviewed it, when, the outcome (justified or unjustified)
-- and the reviewer's note (kept here, never ledgered), and when the review was first found overdue (so that the
-- overdue event is ledgered once per grant).
ALTER TABLE elevation_requests ADD COLUMN emergency BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE elevation_requests ADD COLUMN review_due_at TIMESTAMPTZ;
ALTER TABLE elevation_requests ADD COLUMN reviewed_at TIMESTAMPTZ;
ALTER TABLE elevation_requests ADD COLUMN reviewer TEXT;
ALTER TABLE elevation_requests ADD COLUMN review_outcome TEXT CHECK (review_outcome IN ('justified', 'unjustified'));
ALTER TABLE elevation_requests ADD COLUMN review_note TEXT;
ALTER TABLE elevation_requests ADD COLUMN review_overdue_at TIMESTAMPTZ;
CREATE INDEX elevation_requests_review_due ON elevation_requests (review_due_at);
