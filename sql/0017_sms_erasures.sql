-- Messages to delete at Twilio (Twilio:DeleteFinalMessages): a provider message id, due once the message is
-- final (or 24 h after it was seen without a final status), retried with backoff until Twilio confirms.
-- Only the id is kept, never a number or a body, and the row goes once Twilio has deleted the message.
CREATE TABLE sms_erasures (
    provider_id text PRIMARY KEY,
    due_at      timestamptz NOT NULL,
    attempts    int NOT NULL DEFAULT 0
);
CREATE INDEX sms_erasures_due ON sms_erasures (due_at);
