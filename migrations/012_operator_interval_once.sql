-- Up Migration
-- An operator-state interval is written once even when a write is retried after its commit's
-- answer was lost (a dropped connection during a database outage): the same operator, state and
-- start instant is the same interval.
DELETE FROM operator_state_intervals a
 USING operator_state_intervals b
 WHERE a.operator_id = b.operator_id AND a.state = b.state AND a.started_at = b.started_at AND a.id > b.id;
CREATE UNIQUE INDEX operator_state_once_idx ON operator_state_intervals (operator_id, started_at, state);

-- Down Migration
DROP INDEX IF EXISTS operator_state_once_idx;
