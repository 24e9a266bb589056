-- Fan-out at real provider rates: each SMS/Telegram *sender* has its own token bucket. The key is a
-- sender key ("sms" = the default SMS sender, "telegram"; a network's own SMS sender adds "sms:<network id>"),
-- no longer a channel name, and a token is what the provider counts (an SMS segment, a Telegram message).
ALTER TABLE channel_rate RENAME COLUMN channel TO sender;
