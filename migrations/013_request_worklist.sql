-- Up Migration
-- The 137 worklist (GET /api/v1/requests without trackingCode/phone): newest first by
-- (created_at, id) with keyset paging. Each common filter gets an index that already holds its rows
-- in that order, so a page is a short index scan (no sort) even on millions of requests.
CREATE INDEX IF NOT EXISTS requests_worklist_idx ON requests (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_worklist_status_idx ON requests (status, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_worklist_unit_idx ON requests (unit_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_worklist_category_idx ON requests (category_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_worklist_place_idx ON requests (neighbourhood_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS requests_worklist_channel_idx ON requests (channel, created_at DESC, id DESC);
-- It also serves what requests_hazard_idx (created_at only) did, and the planner would pick that
-- narrower one for hazard=true and then have to sort by id.
CREATE INDEX IF NOT EXISTS requests_worklist_hazard_idx ON requests (created_at DESC, id DESC) WHERE hazard;
DROP INDEX IF EXISTS requests_hazard_idx;
-- overdue=true: the requests a unit still owes an answer (the same statuses as the deadline job).
CREATE INDEX IF NOT EXISTS requests_worklist_open_idx ON requests (created_at DESC, id DESC)
  WHERE status IN ('registered', 'referred', 'in-progress', 'special-follow-up');

-- Free text: Persian keyboards type ي/ی, ك/ک and ى differently, put a ZWNJ or not, and use Persian,
-- Arabic-Indic or Latin digits; the text is folded the same way here and in worklist-repository.ts
-- (foldSearchText) so that they all match alike. pg_trgm is a trusted extension (no superuser).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION worklist_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT translate(lower(t), 'يكى۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩' || chr(8204), 'یکی01234567890123456789') $$;
CREATE INDEX IF NOT EXISTS requests_worklist_text_idx ON requests
  USING gin (worklist_fold(tracking_code || ' ' || description || ' ' || coalesce(address, '')) gin_trgm_ops);

-- Down Migration
DROP INDEX IF EXISTS requests_worklist_text_idx;
DROP FUNCTION IF EXISTS worklist_fold(text);
DROP INDEX IF EXISTS requests_worklist_open_idx;
CREATE INDEX IF NOT EXISTS requests_hazard_idx ON requests (created_at) WHERE hazard;
DROP INDEX IF EXISTS requests_worklist_hazard_idx;
DROP INDEX IF EXISTS requests_worklist_channel_idx;
DROP INDEX IF EXISTS requests_worklist_place_idx;
DROP INDEX IF EXISTS requests_worklist_category_idx;
DROP INDEX IF EXISTS requests_worklist_unit_idx;
DROP INDEX IF EXISTS requests_worklist_status_idx;
DROP INDEX IF EXISTS requests_worklist_idx;
