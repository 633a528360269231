-- Up Migration
-- The supervisor's wallboard: the phone a supervisor listens from (ChanSpy is originated to it),
-- and how long each pause reason may last before the wallboard raises an alert.

CREATE TABLE supervisor_phones (
  user_id     bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  -- A dialable channel, e.g. PJSIP/2001: Originate rings it, then ChanSpy runs on it.
  interface   text NOT NULL CHECK (interface ~ '^[A-Za-z0-9]+/[A-Za-z0-9_.@-]{1,60}$'),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Allowances per pause reason (the reasons of the desk's pause menu); edited by admins.
CREATE TABLE pause_allowances (
  reason      text PRIMARY KEY CHECK (reason ~ '^[a-z0-9_-]{1,40}$'),
  minutes     integer NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO pause_allowances (reason, minutes) VALUES
  ('break', 15), ('prayer', 20), ('training', 60), ('meeting', 60), ('technical', 15), ('other', 10);

-- Down Migration
DROP TABLE pause_allowances, supervisor_phones;
