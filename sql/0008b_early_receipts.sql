-- A delivery receipt can reach us before the batch that records its send (and its provider id) is written:
-- it waits here, briefly, and is applied when that batch lands. Receipts no row ever claims are pruned.
CREATE TABLE early_receipts (
    provider_id text PRIMARY KEY,
    status      text NOT NULL CHECK (status IN ('delivered', 'failed')),
    error       text,
    received_at timestamptz NOT NULL DEFAULT now()
);
