-- A registration sent twice for one draft (the desk retrying after a lost answer or a reconnect)
-- must make one request. The desk sends a key per draft (Idempotency-Key); the first answer for a
-- (user, key) is kept here and given again for a repeat. Claimed in the registering transaction,
-- so two concurrent submits with one key wait on this primary key and only one inserts a request.
CREATE TABLE request_idempotency (
  user_id     bigint NOT NULL REFERENCES users(id),
  key         text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  -- sha256 of the registration as parsed: the same key with another body is refused, not replayed.
  body_hash   text NOT NULL,
  request_id  bigint REFERENCES requests(id) ON DELETE CASCADE,
  -- The first answer exactly as sent (json keeps its key order; a replay is byte for byte the same).
  response    json,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
