-- A delivery row the provider may have taken although the service never learned it did: the process that sent it
-- died (its lease ran out and another took the row back), or the send ended without an answer (a timeout, a dropped
-- connection, a 5xx). The row goes back to pending for another try, but a retraction or all-clear that supersedes it
-- must still reach that person (issue 18: 3 of 514 missed in the chaos run). Sticky: a later refusal does not undo it.
ALTER TABLE deliveries ADD COLUMN maybe_sent boolean NOT NULL DEFAULT false;

-- Rows waiting for another try when this runs cannot tell why: count them as possibly sent.
UPDATE deliveries SET maybe_sent = true WHERE status = 'pending' AND attempts > 0;
