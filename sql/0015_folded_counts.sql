-- An alert's counts are the sum of its delivery rows and the outcomes of rows deleted before the alert was
-- reduced (a stopped subscriber's rows go within minutes, for privacy): those are folded into these columns in
-- the statement that deletes them, so a count never goes down and the final report adds up to who it went to.
ALTER TABLE alerts
    ADD COLUMN folded_sent      integer NOT NULL DEFAULT 0,
    ADD COLUMN folded_delivered integer NOT NULL DEFAULT 0,
    ADD COLUMN folded_failed    integer NOT NULL DEFAULT 0,
    ADD COLUMN folded_skipped   integer NOT NULL DEFAULT 0;

