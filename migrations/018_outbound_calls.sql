-- Up Migration
-- The outbound engine (src/outbound): every call cti137 places to a citizen (feedback, closure
-- check, callback), its attempts and the last outcome. One row per call; each attempt updates it.
CREATE TABLE IF NOT EXISTS outbound_calls (
  id            bigserial PRIMARY KEY,
  purpose       text NOT NULL CHECK (purpose IN ('feedback', 'closure-check', 'callback')),
  phone         text NOT NULL,
  request_id    bigint REFERENCES requests (id) ON DELETE CASCADE,
  -- callbacks are another domain's table (src/callbacks): kept as its id, no foreign key across domains
  callback_id   text,
  target        jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'dialling', 'answered', 'no-answer', 'busy', 'failed', 'cancelled', 'gave-up')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL CHECK (max_attempts >= 1),
  next_at       timestamptz,
  last_outcome  text CHECK (last_outcome IN ('answered', 'no-answer', 'busy', 'failed')),
  last_reason   text,
  server_id     text,
  action_id     text,
  channel       text,
  linkedid      text,
  dialled_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS outbound_calls_dialling_idx ON outbound_calls (status) WHERE status = 'dialling';
CREATE INDEX IF NOT EXISTS outbound_calls_request_idx ON outbound_calls (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS outbound_calls_action_idx ON outbound_calls (action_id) WHERE action_id IS NOT NULL;

-- Calls placed to a number per local day (TZ_CENTRE): the per-number daily limit, shared by every node.
CREATE TABLE IF NOT EXISTS outbound_daily_counts (
  phone       text NOT NULL,
  local_date  date NOT NULL,
  calls       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (phone, local_date)
);

-- Down Migration
DROP TABLE IF EXISTS outbound_daily_counts;
DROP TABLE IF EXISTS outbound_calls;
