-- Up Migration
-- Callbacks owed to citizens who hung up while waiting (or asked for one in the phone menu). One
-- open entry per number: later abandons merge into it (count, last abandon). priority_at orders
-- service: the first abandon (or the arrival time of a caller who chose a callback in the menu),
-- so a callback is served before callers who arrived after it.
CREATE TABLE callbacks (
  id               bigserial PRIMARY KEY,
  phone            text NOT NULL,                     -- E.164; hidden numbers never get one
  citizen_id       bigint REFERENCES citizens(id),
  source           text NOT NULL CHECK (source IN ('abandoned', 'ivr-offer')),
  status           text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'offered', 'dialling', 'reached', 'wrong-number', 'answered-later', 'gave-up')),
  abandons         integer NOT NULL DEFAULT 1,
  first_call_id    bigint REFERENCES calls(id),
  last_call_id     bigint REFERENCES calls(id),
  first_at         timestamptz NOT NULL,
  last_at          timestamptz NOT NULL,
  priority_at      timestamptz NOT NULL,
  longest_wait_seconds integer NOT NULL DEFAULT 0,
  next_at          timestamptz NOT NULL DEFAULT now(), -- not offered before (retry back-off, calling window)
  attempts         integer NOT NULL DEFAULT 0,        -- dials made
  offered_to       bigint REFERENCES operators(id),   -- the operator holding the task now / last
  offered_at       timestamptz,
  outbound_id      text,                              -- the outbound engine's call id of the last dial
  last_outcome     text,                              -- reached | no-answer | busy | wrong-number | failed
  last_note        text,
  closed_at        timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX callbacks_one_open_per_phone ON callbacks (phone)
  WHERE status IN ('open', 'offered', 'dialling');
CREATE INDEX callbacks_queue_idx ON callbacks (priority_at) WHERE status = 'open';
CREATE INDEX callbacks_created_idx ON callbacks (created_at);

-- Every dial and outcome, for "made" and "reached" counts over a shift and the task's history.
CREATE TABLE callback_attempts (
  id           bigserial PRIMARY KEY,
  callback_id  bigint NOT NULL REFERENCES callbacks(id) ON DELETE CASCADE,
  operator_id  bigint REFERENCES operators(id),
  outbound_id  text,
  dialled_at   timestamptz NOT NULL DEFAULT now(),
  outcome      text CHECK (outcome IN ('reached', 'no-answer', 'busy', 'wrong-number', 'failed')),
  note         text,
  recorded_at  timestamptz,
  line_outcome text                                -- the outbound engine's result of the operator-first call
);
CREATE INDEX callback_attempts_callback_idx ON callback_attempts (callback_id, dialled_at);
CREATE INDEX callback_attempts_dialled_idx ON callback_attempts (dialled_at);

-- Down Migration
DROP TABLE IF EXISTS callback_attempts;
DROP TABLE IF EXISTS callbacks;
