-- Per-network SMS senders and fallback languages (issue 11). A network without its own sender uses the default
-- (Twilio:From / Twilio:MessagingServiceSid at Twilio:MessagesPerSecond). Inbound texts find their network by the
-- number they were sent to (sms_from) or by the Messaging Service that received them (sms_service).
ALTER TABLE networks
    ADD COLUMN sms_from          text,
    ADD COLUMN sms_service       text,
    ADD COLUMN sms_rate          double precision CHECK (sms_rate > 0),
    ADD COLUMN fallback_language text NOT NULL DEFAULT 'en',
    ADD CONSTRAINT networks_one_sender CHECK (sms_from IS NULL OR sms_service IS NULL);
CREATE UNIQUE INDEX networks_sms_from ON networks (sms_from) WHERE sms_from IS NOT NULL;
CREATE UNIQUE INDEX networks_sms_service ON networks (sms_service) WHERE sms_service IS NOT NULL;
