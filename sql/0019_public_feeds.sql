-- Public alert feeds (issue 21): a network's verified, non-drill alerts as Atom and CAP 1.2 at /n/<network>/alerts.atom,
-- off until the operator turns them on (`network set-public-feed --network X --on`). A row means on.
CREATE TABLE public_feeds (
    network_id    bigint PRIMARY KEY REFERENCES networks (id) ON DELETE CASCADE,
    turned_on_at  timestamptz NOT NULL DEFAULT now()
);
