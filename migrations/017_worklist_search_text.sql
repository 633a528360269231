-- Up Migration
-- The worklist's free text (q) is matched against worklist_fold(code, description, address). Folded
-- for each row looked at, that costs ~17 µs a row (translate() over multibyte text): a middling
-- word on 2 million requests read 4,000 rows newest first and took 170 ms. Stored with the row it
-- is a plain LIKE (~0.5 µs a row). worklist_fold is IMMUTABLE: changing what it does needs a
-- migration that also recomputes this column (UPDATE requests SET description = description).
ALTER TABLE requests ADD COLUMN search_text text
  GENERATED ALWAYS AS (worklist_fold(tracking_code || ' ' || description || ' ' || coalesce(address, ''))) STORED;
DROP INDEX IF EXISTS requests_worklist_text_idx;
CREATE INDEX requests_worklist_text_idx ON requests USING gin (search_text gin_trgm_ops);
-- The planner weighs "read newest first and filter" against "look the words up" by how many rows
-- match, which it guesses by trying the pattern on the column's histogram. With the default 100
-- entries a word in 1-3% of requests is often in none of them and is taken as rare: the lookup then
-- fetched and sorted 23,000-54,000 rows (0.5-0.8 s) where reading newest first takes 2-6 ms. A
-- new column also has no statistics until autovacuum comes (the commonest words: 473,000 rows,
-- seconds). 1,000 entries, gathered now.
ALTER TABLE requests ALTER COLUMN search_text SET STATISTICS 1000;
ANALYZE requests (search_text);

-- Down Migration
DROP INDEX IF EXISTS requests_worklist_text_idx;
ALTER TABLE requests DROP COLUMN search_text;
CREATE INDEX IF NOT EXISTS requests_worklist_text_idx ON requests
  USING gin (worklist_fold(tracking_code || ' ' || description || ' ' || coalesce(address, '')) gin_trgm_ops);
