-- Telegram: updates already handled, and alerts posted to per-county Telegram channels.

-- Telegram redelivers an update when a webhook answer is late or a poller restarts before confirming
-- its offset; the update is handled only by whoever inserts its row. Rows older than a day are pruned.
CREATE TABLE telegram_updates (
    bot_id      bigint NOT NULL,
    update_id   bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX telegram_updates_received ON telegram_updates (received_at);

-- A verified alert is posted once to each configured county channel (network_counties.telegram_channel_chat_id);
-- several counties may share one channel, which still gets one post. The row is claimed before the send.
CREATE TABLE telegram_channel_posts (
    alert_id   bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    chat_id    bigint NOT NULL,
    message_id bigint,
    posted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, chat_id)
);
