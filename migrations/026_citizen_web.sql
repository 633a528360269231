-- Up Migration
-- The citizen web page (src/citizen): a report waits here, with its photos, until the citizen types
-- the one-time code sent by SMS to the number they gave; the feedback question is answered after the
-- same proof of the request's number. Codes are kept only as salted hashes.

-- What the citizen submitted, until the code is confirmed (or it expires and is swept).
CREATE TABLE citizen_submissions (
  id               uuid PRIMARY KEY,
  phone_e164       text NOT NULL,
  category_id      integer NOT NULL REFERENCES categories(id),
  neighbourhood_id integer REFERENCES neighbourhoods(id),
  lat              double precision,
  lng              double precision,
  address          text,
  description      text NOT NULL,
  client_ip        text NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'registered', 'linked')),
  request_id       bigint REFERENCES requests(id) ON DELETE SET NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  decided_at       timestamptz
);
CREATE INDEX citizen_submissions_pending_idx ON citizen_submissions (created_at) WHERE state = 'pending';

-- Its photos, already checked and stripped of metadata (requests' sanitizer), dropped once attached.
CREATE TABLE citizen_submission_photos (
  submission_id uuid NOT NULL REFERENCES citizen_submissions(id) ON DELETE CASCADE,
  position      smallint NOT NULL CHECK (position BETWEEN 1 AND 3),
  mime          text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  data          bytea NOT NULL,
  PRIMARY KEY (submission_id, position)
);

-- One challenge: a code sent to a number for a purpose (a submission to register, or a request's
-- feedback answer). A resend replaces the hash and the attempts; five wrong codes lock it.
CREATE TABLE citizen_otps (
  id           uuid PRIMARY KEY,
  purpose      text NOT NULL CHECK (purpose IN ('report', 'feedback')),
  subject      text NOT NULL,
  phone_e164   text NOT NULL,
  code_salt    text NOT NULL,
  code_hash    text NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  sent_count   integer NOT NULL DEFAULT 1,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX citizen_otps_created_idx ON citizen_otps (created_at);

-- Fixed-window counters for the page's rate limits when there is no Redis (shared by every node).
CREATE TABLE citizen_rate_hits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- The code's SMS text (admins may edit it like the others).
-- ('status' is 024's SMS status answer.)
ALTER TABLE sms_templates DROP CONSTRAINT IF EXISTS sms_templates_key_check;
ALTER TABLE sms_templates ADD CONSTRAINT sms_templates_key_check
  CHECK (key IN ('registered', 'referred', 'done', 'closed', 'feedback-question', 'status-reply', 'status', 'otp'));
INSERT INTO sms_templates (key, text_fa) VALUES
  ('otp', 'کد تأیید ۱۳۷: {code}. به کسی ندهید؛ ۵ دقیقه اعتبار دارد.')
ON CONFLICT (key) DO NOTHING;

-- Feedback answered on the web page.
ALTER TABLE feedback_answers DROP CONSTRAINT IF EXISTS feedback_answers_via_check;
ALTER TABLE feedback_answers ADD CONSTRAINT feedback_answers_via_check CHECK (via IN ('ivr', 'staff', 'sms', 'web'));

-- Down Migration
ALTER TABLE feedback_answers DROP CONSTRAINT IF EXISTS feedback_answers_via_check;
DELETE FROM feedback_answers WHERE via = 'web';
ALTER TABLE feedback_answers ADD CONSTRAINT feedback_answers_via_check CHECK (via IN ('ivr', 'staff', 'sms'));
DELETE FROM sms_templates WHERE key = 'otp';
ALTER TABLE sms_templates DROP CONSTRAINT IF EXISTS sms_templates_key_check;
ALTER TABLE sms_templates ADD CONSTRAINT sms_templates_key_check
  CHECK (key IN ('registered', 'referred', 'done', 'closed', 'feedback-question', 'status-reply', 'status'));
DROP TABLE IF EXISTS citizen_rate_hits;
DROP TABLE IF EXISTS citizen_otps;
DROP TABLE IF EXISTS citizen_submission_photos;
DROP TABLE IF EXISTS citizen_submissions;
