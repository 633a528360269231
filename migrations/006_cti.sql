-- Up Migration
-- CTI: hold time and transfers on each call record, the roster of who works which shift, and the
-- indexes the KPI and shift hand-over queries look things up by.

-- talk_seconds is talk net of hold (Asterisk's TalkTime counts the held part), so that
-- talk + hold + wrap-up is the handle time without counting any second twice.
ALTER TABLE calls
  ADD COLUMN hold_seconds integer NOT NULL DEFAULT 0 CHECK (hold_seconds >= 0),
  ADD COLUMN transfers    integer NOT NULL DEFAULT 0 CHECK (transfers >= 0);

-- AHT: each answered call is matched to its operator's first wrap-up after the answer.
CREATE INDEX operator_state_operator_started_idx ON operator_state_intervals (operator_id, started_at);
-- Hand-over: hazard requests open at the hand-over time (created before it, not closed by then).
CREATE INDEX requests_hazard_idx ON requests (created_at) WHERE hazard;

-- Who is expected on which shift. A row applies on `weekday` (NULL: every day) between
-- date_from and date_to (NULL: open-ended); an operator may have several rows.
CREATE TABLE roster (
  id           bigserial PRIMARY KEY,
  operator_id  bigint NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  shift_name   text NOT NULL CHECK (shift_name ~ '^[a-z0-9_-]{1,40}$'),
  weekday      text CHECK (weekday IN ('sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri')),
  date_from    date,
  date_to      date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (date_from IS NULL OR date_to IS NULL OR date_to >= date_from)
);
CREATE INDEX roster_shift_idx ON roster (shift_name, operator_id);

-- Down Migration
DROP TABLE roster;
DROP INDEX requests_hazard_idx, operator_state_operator_started_idx;
ALTER TABLE calls DROP COLUMN transfers, DROP COLUMN hold_seconds;
