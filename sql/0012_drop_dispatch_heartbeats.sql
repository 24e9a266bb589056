-- The per-broadcast dispatcher jobs are gone (each process runs one sender loop per sender, issue 10), and with
-- them the heartbeats that told the sweeper a dispatcher was lost: nothing writes or reads this table.
DROP TABLE dispatch_heartbeats;
