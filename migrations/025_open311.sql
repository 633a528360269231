-- Up Migration
-- Open311 GeoReport v2 (src/open311) and registration with no signed-in user (Open311, the citizen
-- page). Open311 reports are stored with channel 'app': the clients that speak it are city apps
-- (FixMyStreet, SeeClickFix), which is what 'app' counts; the history names the client.

-- A machine client's keys: only the sha256 is kept, the key itself is shown once at creation.
CREATE TABLE open311_keys (
  id          serial PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash    text NOT NULL UNIQUE,
  per_minute  integer NOT NULL DEFAULT 60 CHECK (per_minute BETWEEN 1 AND 100000),
  created_by  bigint REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

-- Each POST requests: its token (tokens/{id}), the client, and the media_url as given (never fetched).
CREATE TABLE open311_submissions (
  token       text PRIMARY KEY,
  key_id      integer NOT NULL REFERENCES open311_keys(id),
  request_id  bigint REFERENCES requests(id) ON DELETE CASCADE,
  media_url   text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_submissions_request_idx ON open311_submissions (request_id);

-- The first answer per (client, Idempotency-Key) for registrations with no user: as
-- request_idempotency (010), whose key is a user.
CREATE TABLE request_idempotency_client (
  client      text NOT NULL CHECK (length(client) BETWEEN 1 AND 100),
  key         text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  body_hash   text NOT NULL,
  request_id  bigint REFERENCES requests(id) ON DELETE CASCADE,
  response    json,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client, key)
);

-- Down Migration
DROP TABLE IF EXISTS request_idempotency_client;
DROP TABLE IF EXISTS open311_submissions;
DROP TABLE IF EXISTS open311_keys;
