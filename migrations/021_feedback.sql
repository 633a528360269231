-- Up Migration
-- Feedback calls (بازخوردسنجی) after a unit reports a request done, the closure check after a
-- special follow-up, and what citizens answered. The requests domain reads these tables for a
-- request's detail; src/feedback writes them.

-- One round of asking a citizen: an outbound call (retried by src/outbound), or none when there is no number.
CREATE TABLE feedback_calls (
  id           bigserial PRIMARY KEY,
  request_id   bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('feedback', 'closure')),
  outbound_id  text,
  state        text NOT NULL DEFAULT 'scheduled'
                 CHECK (state IN ('scheduled', 'answered', 'unreached', 'cancelled', 'no-phone')),
  due_at       timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz
);
CREATE INDEX feedback_calls_request_idx ON feedback_calls (request_id, created_at);
CREATE UNIQUE INDEX feedback_calls_outbound_uq ON feedback_calls (outbound_id) WHERE outbound_id IS NOT NULL;

-- Every dialling attempt's outcome, as src/outbound reported it.
CREATE TABLE feedback_attempts (
  id                bigserial PRIMARY KEY,
  feedback_call_id  bigint NOT NULL REFERENCES feedback_calls(id) ON DELETE CASCADE,
  request_id        bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  attempt           integer NOT NULL,
  outcome           text NOT NULL CHECK (outcome IN ('answered', 'no-answer', 'busy', 'failed')),
  at                timestamptz NOT NULL DEFAULT now(),
  UNIQUE (feedback_call_id, attempt)
);
CREATE INDEX feedback_attempts_request_idx ON feedback_attempts (request_id, at);

-- What the citizen said: on the feedback or closure call (ivr), to an operator (staff), or by pressing 3 in the status read-back (reopen).
CREATE TABLE feedback_answers (
  id                bigserial PRIMARY KEY,
  request_id        bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  feedback_call_id  bigint REFERENCES feedback_calls(id) ON DELETE SET NULL,
  kind              text NOT NULL CHECK (kind IN ('feedback', 'closure', 'reopen')),
  via               text NOT NULL CHECK (via IN ('ivr', 'staff', 'sms')),
  resolved          boolean NOT NULL,
  rating            smallint CHECK (rating BETWEEN 1 AND 5),
  user_id           bigint REFERENCES users(id),
  at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feedback_answers_request_idx ON feedback_answers (request_id, at);

-- A citizen the calls did not reach (or without a number, SMS off): an operator asks by hand.
CREATE TABLE feedback_tasks (
  id                bigserial PRIMARY KEY,
  request_id        bigint NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  feedback_call_id  bigint REFERENCES feedback_calls(id) ON DELETE SET NULL,
  kind              text NOT NULL CHECK (kind IN ('feedback', 'closure')),
  reason            text NOT NULL CHECK (reason IN ('unreached', 'no-phone', 'no-input')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  done_at           timestamptz,
  done_by           bigint REFERENCES users(id)
);
CREATE UNIQUE INDEX feedback_tasks_open_uq ON feedback_tasks (request_id) WHERE done_at IS NULL;

-- Down Migration
DROP TABLE feedback_tasks, feedback_answers, feedback_attempts, feedback_calls;
