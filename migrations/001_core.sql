-- Up Migration
-- Core of cti137: people who sign in, operators and their phones, citizens, calls, surveys, audit.
-- Times are timestamptz (stored UTC); shifts are computed in the centre's time zone by the app.

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin', 'viewer')),
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Session tokens are random; only their SHA-256 is stored so a database leak does not leak sessions.
CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- An operator is a user with a phone. interface is the queue member interface (PJSIP/1001).
CREATE TABLE operators (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
  extension     text NOT NULL UNIQUE,
  interface     text NOT NULL UNIQUE,
  queues        text[] NOT NULL DEFAULT ARRAY['q137', 'q137hazard'],
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Every state an operator was in, closed when the next begins: pause/talk/idle time per shift comes from here.
CREATE TABLE operator_state_intervals (
  id           bigserial PRIMARY KEY,
  operator_id  bigint NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  state        text NOT NULL,
  reason       text,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  shift_name   text NOT NULL,
  shift_date   date NOT NULL
);
CREATE INDEX operator_state_open_idx ON operator_state_intervals (operator_id) WHERE ended_at IS NULL;
CREATE INDEX operator_state_shift_idx ON operator_state_intervals (shift_date, shift_name);

CREATE TABLE citizens (
  id          bigserial PRIMARY KEY,
  phone_e164  text NOT NULL UNIQUE,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per call, keyed by (Asterisk server, Linkedid): our own CDR, written as the call goes.
CREATE TABLE calls (
  id                bigserial PRIMARY KEY,
  server_id         text NOT NULL,
  linkedid          text NOT NULL,
  caller_channel    text,
  caller_phone      text,             -- E.164, null for hidden numbers
  caller_raw        text,             -- what Asterisk sent, for the record
  caller_name       text,
  citizen_id        bigint REFERENCES citizens(id),
  ivr_choice        text,
  hazard            boolean NOT NULL DEFAULT false,
  queue             text,
  entered_at        timestamptz NOT NULL,
  queued_at         timestamptz,
  answered_at       timestamptz,
  ended_at          timestamptz,
  operator_id       bigint REFERENCES operators(id),
  member_interface  text,
  member_name       text,
  end_reason        text,
  wait_seconds      integer,
  talk_seconds      integer,
  shift_name        text NOT NULL,
  shift_date        date NOT NULL,
  UNIQUE (server_id, linkedid)
);
CREATE INDEX calls_citizen_idx ON calls (citizen_id, entered_at DESC);
CREATE INDEX calls_operator_idx ON calls (operator_id, entered_at DESC);
CREATE INDEX calls_shift_idx ON calls (shift_date, shift_name);
CREATE INDEX calls_active_idx ON calls (entered_at) WHERE ended_at IS NULL;

CREATE TABLE call_ring_attempts (
  id           bigserial PRIMARY KEY,
  call_id      bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
  operator_id  bigint REFERENCES operators(id),
  interface    text NOT NULL,
  started_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  outcome      text               -- answered | no-answer | cancelled
);
CREATE INDEX call_ring_attempts_call_idx ON call_ring_attempts (call_id);

-- Survey questions are versioned: an answer keeps the version it was asked under.
CREATE TABLE survey_questions (
  id           bigserial PRIMARY KEY,
  code         text NOT NULL,
  version      integer NOT NULL,
  position     integer NOT NULL,
  text_fa      text NOT NULL,
  text_en      text NOT NULL,
  prompt       text NOT NULL,          -- sound name played by the IVR
  valid_digits text NOT NULL,          -- e.g. '12345'
  min_value    integer NOT NULL,
  max_value    integer NOT NULL,
  timeout_ms   integer NOT NULL DEFAULT 6000,
  scored       boolean NOT NULL DEFAULT true,  -- counts in the operator's score
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

CREATE TABLE survey_responses (
  id            bigserial PRIMARY KEY,
  call_id       bigint NOT NULL UNIQUE REFERENCES calls(id),
  operator_id   bigint REFERENCES operators(id),
  status        text NOT NULL CHECK (status IN ('offered', 'partial', 'complete', 'no-answer')),
  flags         text[] NOT NULL DEFAULT '{}',
  shift_name    text NOT NULL,
  shift_date    date NOT NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX survey_responses_operator_idx ON survey_responses (operator_id, shift_date);

CREATE TABLE survey_answers (
  response_id   bigint NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
  question_id   bigint NOT NULL REFERENCES survey_questions(id),
  digit         text NOT NULL,
  value         integer NOT NULL,
  answered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (response_id, question_id)
);

CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  user_id     bigint REFERENCES users(id),
  action      text NOT NULL,
  target      text,
  details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);

INSERT INTO survey_questions (code, version, position, text_fa, text_en, prompt, valid_digits, min_value, max_value, scored)
VALUES
  ('courtesy', 1, 1, 'به برخورد کارشناس از ۱ تا ۵ امتیاز دهید', 'Rate the operator''s courtesy from 1 to 5', 'cti137/survey-courtesy', '12345', 1, 5, true),
  ('registered', 1, 2, 'آیا درخواست شما درست ثبت شد؟ بله ۱، خیر ۲', 'Was your request registered correctly? 1 yes, 2 no', 'cti137/survey-registered', '12', 1, 2, false);

-- Down Migration
DROP TABLE audit_log, survey_answers, survey_responses, survey_questions, call_ring_attempts, calls, citizens,
  operator_state_intervals, operators, sessions, users;
