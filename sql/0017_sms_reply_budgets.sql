-- Replies are a budget: at most 10 replies to one number (or Telegram chat) in any hour, so an auto-responder
-- cannot loop with the service at the network's expense. The times of the last replies, by blind index; a row
-- is dropped once its last reply is an hour old.
CREATE TABLE reply_budgets (
    channel       text NOT NULL,
    address_index bytea NOT NULL,
    sent          timestamptz[] NOT NULL,
    PRIMARY KEY (channel, address_index)
);
