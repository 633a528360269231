-- Up Migration
-- Issue 11 (security): a mark that a database was made for the demo, and the admin-managed list
-- of phones supervisors may listen from.

-- The demo (emulator, demo users with a known password) runs only on a database it made: one that
-- had no users when the first demo start claimed it. A production database never gets this row.
CREATE TABLE demo_database (
  only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  claimed_at  timestamptz NOT NULL DEFAULT now()
);

-- Phones listen/whisper/barge may ring: a supervisor's own desk phone on one Asterisk server.
-- user_id null: any supervisor or admin may pick it (a shared supervisors' room phone). Never an
-- operator's extension, never a dial string: a citizen's call must not leave the building.
CREATE TABLE supervisor_extensions (
  server_id   text NOT NULL CHECK (server_id ~ '^pbx[0-9]{1,3}$'),
  extension   text NOT NULL CHECK (extension ~ '^[0-9]{2,10}$'),
  user_id     bigint REFERENCES users(id) ON DELETE CASCADE,
  added_by    bigint REFERENCES users(id) ON DELETE SET NULL,
  added_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (server_id, extension)
);

-- Down Migration
DROP TABLE supervisor_extensions, demo_database;
