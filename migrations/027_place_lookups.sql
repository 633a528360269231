-- Up Migration
-- Where a new report is, and what it may repeat, looked up by index (plain PostgreSQL: no PostGIS).
-- Every Open311 and web report runs both look-ups, so their cost must not grow with the table.

-- The newest open requests of a category in a neighbourhood, in the duplicate search's order
-- (created_at DESC, id DESC): LIMIT n reads n index entries instead of sorting every open request
-- of the place. Supersedes requests_open_place_idx (same leading columns).
CREATE INDEX requests_open_place_recent_idx
  ON requests (category_id, neighbourhood_id, created_at DESC, id DESC) WHERE status <> 'closed';
DROP INDEX IF EXISTS requests_open_place_idx;

-- Point → neighbourhood (Open311's lat/long): the requests around it that name one, of every
-- category, so no category narrows it (the duplicate search's point branch has
-- requests_open_point_idx). A grid of latitude bands 1/200° (about 556 m) tall: a 300 m circle
-- touches at most two bands, and within each band the btree narrows by longitude, so a look-up
-- reads the box around the point, not a strip across the whole city. The expression must match
-- open311-repository.ts (floor(lat * 200)::int).
CREATE INDEX requests_place_cell_idx
  ON requests ((floor(lat * 200)::int), lng) INCLUDE (lat, neighbourhood_id)
  WHERE lat IS NOT NULL AND neighbourhood_id IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS requests_place_cell_idx;
CREATE INDEX IF NOT EXISTS requests_open_place_idx
  ON requests (category_id, neighbourhood_id, created_at DESC) WHERE status <> 'closed';
DROP INDEX IF EXISTS requests_open_place_recent_idx;
