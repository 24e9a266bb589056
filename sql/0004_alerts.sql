-- Alerts: the two-coordinator rule also holds in the database, and the expiry sweep and
-- follow-up look-ups stay index scans.

-- Nobody verifies their own alert, whatever path the update takes.
ALTER TABLE alerts ADD CONSTRAINT alerts_verifier_not_author CHECK (verifier_id IS NULL OR verifier_id <> author_id);

-- A follow-up (update, all-clear, retraction) always names its original; a confirmed alert never does.
ALTER TABLE alerts ADD CONSTRAINT alerts_reply_to_kind CHECK ((kind = 'confirmed') = (reply_to IS NULL));

CREATE INDEX alerts_draft_expiry ON alerts (expires_at) WHERE status = 'draft';
CREATE INDEX alerts_reply_to ON alerts (reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX audit_log_alert ON audit_log (alert_id) WHERE alert_id IS NOT NULL;
