-- Up Migration
-- Issue 14 item 6 for the figures no count holds: medians and 90th percentiles of the time to
-- resolution (GET /analytics/resolution) and of the days overdue (GET /analytics/units) over a year
-- or five years. An exact percentile sorts every request of the range (seconds at 5 M requests), so
-- whole Jalali months are kept as histograms: per month and key, how many requests resolved in each
-- bucket of hours (buckets 2^(1/8) ≈ 9 % wide on a log scale of minutes + 1, so a percentile read
-- off them, values spread evenly inside a bucket, is within 9 % of the exact one; counts are exact). Ranges with no whole month, and the edge days and months not yet rebuilt, are
-- read from the facts of migration 028 directly.
--
-- Whole Jalali years are kept too, summed from their months once a year is over: five years are
-- then four year histograms and a few months instead of sixty months.
--
-- Kept by a job rather than triggers: each change to the facts only writes a mark (an append-only
-- row, no contention between concurrent registrations), and a periodic refresh rebuilds the marked
-- months. Until it has, readers take those months from the facts: the figures are never stale.

-- The bucket of a duration in hours: 0 for none, then 8 buckets per doubling of (minutes + 1).
-- In floating point (8 / ln 2 = 11.5415…): numeric's log() cost a second per 100,000 rows.
CREATE FUNCTION analytics_bucket(hours double precision) RETURNS smallint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT floor(ln(greatest(hours, 0) * 60 + 1) * 11.541560327111707)::smallint
$$;

-- A fact changed in this month (kind 0: request facts by creation, 1: referral facts by referral).
CREATE TABLE analytics_fact_changes (
  id     bigserial PRIMARY KEY,
  kind   smallint NOT NULL CHECK (kind IN (0, 1)),
  month  date NOT NULL
);
CREATE INDEX analytics_fact_changes_month_idx ON analytics_fact_changes (kind, month);

-- The periods whose histograms are built (span 0: a Jalali month, 1: a Jalali year, both named by
-- their first day), in which zone; next_month: the day after the period's last.
CREATE TABLE analytics_histogram_months (
  kind        smallint NOT NULL CHECK (kind IN (0, 1)),
  span        smallint NOT NULL CHECK (span IN (0, 1)),
  month       date NOT NULL,
  next_month  date NOT NULL,
  time_zone   text NOT NULL,
  built_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, span, month)
);

-- Requests per month, layer, key and resolution bucket (NULL: not resolved). Layer 0 keys the
-- category, unit, hazard and district; 1 the neighbourhood instead of the district (a council's
-- figures, grouping by neighbourhood); 2 adds the channel to 0, 3 the status (unused columns NULL
-- or ''). The counts beside n are those of the citizens' word and the 100%-feedback figure.
CREATE TABLE resolution_months (
  month             date NOT NULL,
  span              smallint NOT NULL,
  layer             smallint NOT NULL CHECK (layer IN (0, 1, 2, 3)),
  category_id       integer NOT NULL,
  unit_id           integer,
  hazard            boolean NOT NULL,
  district_id       integer,
  neighbourhood_id  integer,
  channel           text NOT NULL,
  status            text NOT NULL,
  bucket            smallint,
  n                 integer NOT NULL,
  answered          integer NOT NULL,
  resolved          integer NOT NULL,
  done_or_closed    integer NOT NULL,
  asked             integer NOT NULL
);
CREATE INDEX resolution_months_idx ON resolution_months (layer, span, month);

-- Referrals per month (of the referral), unit and bucket of days late (done after the deadline;
-- NULL otherwise); layer 1 adds the neighbourhood (a council's figures), layer 0 has none. Open
-- referrals are counted as received here, and read afresh for their lateness, which grows with the clock.
CREATE TABLE referral_months (
  month             date NOT NULL,
  span              smallint NOT NULL,
  layer             smallint NOT NULL CHECK (layer IN (0, 1)),
  unit_id           integer NOT NULL,
  neighbourhood_id  integer,
  bucket            smallint,
  n                 integer NOT NULL,
  on_time           integer NOT NULL,
  returned          integer NOT NULL,
  reopened          integer NOT NULL,
  answered          integer NOT NULL,
  resolved          integer NOT NULL
);
CREATE INDEX referral_months_idx ON referral_months (layer, span, month);
-- The open referrals, for the lateness of the built months' ones: all a read needs is in the index.
CREATE INDEX referral_facts_open_idx ON referral_facts (referred_at)
  INCLUDE (unit_id, neighbourhood_id, deadline_at, done_at) WHERE ended_at IS NULL;

-- The hotspots (GET /analytics/hotspots) at their default 150 m: every place key (a category and a
-- 150 m square, or a neighbourhood and folded address without a point) numbered once, and per month
-- each key's requests. The counting over a range happens in the server's memory (hotspot-index.ts:
-- a few bytes a key and month), where summing millions of keys takes milliseconds; SQL then reads
-- the winners' requests exactly as the reference does. Columns absent from a key hold sentinels
-- (no NULLs) so that the key is one plain unique index.
CREATE TABLE hotspot_keys (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_id  integer NOT NULL,
  y            bigint NOT NULL,
  x            bigint NOT NULL,
  hood         integer NOT NULL,
  place        text NOT NULL
);
CREATE UNIQUE INDEX hotspot_keys_key ON hotspot_keys (category_id, y, x, hood, place);
CREATE TABLE hotspot_key_months (
  month   date NOT NULL,
  key_id  integer NOT NULL,
  n       integer NOT NULL,
  ids     bigint[] NOT NULL,
  PRIMARY KEY (key_id, month)
);
CREATE INDEX hotspot_key_months_month_idx ON hotspot_key_months (month);

-- A fact's hotspot key columns at 150 m (the reference's expressions, step = 150 / 111,320 as a
-- double as the server computes it); NULL y, x, hood and place become sentinels.
CREATE FUNCTION analytics_hotspot_key(lat double precision, lng double precision, hood integer, place text,
                                      OUT y bigint, OUT x bigint, OUT h integer, OUT p text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(floor($1 / (150::float8 / 111320::float8))::bigint, -1),
         COALESCE(floor($2 * cos(radians(floor($1))) / (150::float8 / 111320::float8))::bigint, -1),
         CASE WHEN $1 IS NULL THEN COALESCE($3, 0) ELSE 0 END, COALESCE($4, '')
$$;

-- The first day of the Jalali year holding the day m (Nowruz).
CREATE FUNCTION analytics_year_start(m date) RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN m >= jalali_nowruz(extract(year FROM m)::int) THEN jalali_nowruz(extract(year FROM m)::int)
              ELSE jalali_nowruz(extract(year FROM m)::int - 1) END
$$;

-- The month (Jalali, local to the analytics zone) of an instant.
CREATE FUNCTION analytics_month_of(at timestamptz, tz text) RETURNS date
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT jalali_month_start((at AT TIME ZONE tz)::date)
$$;

CREATE FUNCTION analytics_request_facts_marked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 0, analytics_month_of(n.created_at, tz) FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 0, analytics_month_of(o.created_at, tz) FROM old_rows o;
  ELSE
    -- The facts are upserted whenever their request is touched: only a real change marks.
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 0, analytics_month_of(x.created_at, tz)
      FROM new_rows n JOIN old_rows o ON o.id = n.id CROSS JOIN LATERAL (VALUES (n.created_at), (o.created_at)) x (created_at)
     WHERE n IS DISTINCT FROM o;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_referral_facts_marked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 1, analytics_month_of(n.referred_at, tz) FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 1, analytics_month_of(o.referred_at, tz) FROM old_rows o;
  ELSE
    -- The facts are upserted whenever their request is touched: only a real change marks.
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 1, analytics_month_of(x.referred_at, tz)
      FROM new_rows n JOIN old_rows o ON o.id = n.id CROSS JOIN LATERAL (VALUES (n.referred_at), (o.referred_at)) x (referred_at)
     WHERE n IS DISTINCT FROM o;
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  op text;
BEGIN
  FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
    EXECUTE format('CREATE TRIGGER analytics_marks_%s AFTER %s ON request_facts REFERENCING %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION analytics_request_facts_marked()', lower(op), op,
                   CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows' WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                           ELSE 'NEW TABLE AS new_rows OLD TABLE AS old_rows' END);
    EXECUTE format('CREATE TRIGGER analytics_marks_%s AFTER %s ON referral_facts REFERENCING %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION analytics_referral_facts_marked()', lower(op), op,
                   CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows' WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                           ELSE 'NEW TABLE AS new_rows OLD TABLE AS old_rows' END);
  END LOOP;
END $$;

-- Facts emptied (a rebuild, requests truncated in tests): the histograms and marks go with them
-- (the rebuild's INSERT then marks every month again).
CREATE FUNCTION analytics_histograms_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE resolution_months, referral_months, analytics_histogram_months, analytics_fact_changes, hotspot_key_months,
    hotspot_keys;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_marks_truncate AFTER TRUNCATE ON request_facts
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_histograms_truncate();
CREATE TRIGGER analytics_marks_truncate AFTER TRUNCATE ON referral_facts
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_histograms_truncate();

-- One month of histograms afresh, from the facts as they are now.
CREATE FUNCTION analytics_histogram_build(k smallint, m date, tz text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  nxt date := jalali_month_start(m + 31);
  lo timestamptz := m::timestamp AT TIME ZONE tz;
  hi timestamptz := nxt::timestamp AT TIME ZONE tz;
BEGIN
  IF k = 0 THEN
    DELETE FROM resolution_months WHERE span = 0 AND month = m;
    INSERT INTO resolution_months (month, span, layer, category_id, unit_id, hazard, district_id, neighbourhood_id,
                                   channel, status, bucket, n, answered, resolved, done_or_closed, asked)
    SELECT m, 0, l.layer, r.category_id, r.unit_id, r.hazard,
           CASE WHEN l.layer <> 1 THEN n.district_id END, CASE WHEN l.layer = 1 THEN r.neighbourhood_id END,
           CASE WHEN l.layer = 2 THEN r.channel ELSE '' END, CASE WHEN l.layer = 3 THEN r.status ELSE '' END,
           analytics_bucket(r.resolved_hours), count(*), count(r.feedback), count(*) FILTER (WHERE r.feedback),
           count(*) FILTER (WHERE r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed')),
           count(*) FILTER (WHERE r.asked)
      FROM request_facts r LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
     CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint), (3::smallint)) l (layer)
     WHERE r.created_at >= lo AND r.created_at < hi
     GROUP BY 3, 4, 5, 6, 7, 8, 9, 10, 11;
    DELETE FROM hotspot_key_months WHERE month = m;
    INSERT INTO hotspot_keys (category_id, y, x, hood, place)
    SELECT DISTINCT r.category_id, k.y, k.x, k.h, k.p
      FROM request_facts r CROSS JOIN LATERAL analytics_hotspot_key(r.lat, r.lng, r.neighbourhood_id, r.place) k
     WHERE r.created_at >= lo AND r.created_at < hi AND (r.lat IS NOT NULL OR r.place IS NOT NULL)
    ON CONFLICT DO NOTHING;
    INSERT INTO hotspot_key_months (month, key_id, n, ids)
    SELECT m, hk.id, count(*), array_agg(r.id ORDER BY r.id)
      FROM request_facts r CROSS JOIN LATERAL analytics_hotspot_key(r.lat, r.lng, r.neighbourhood_id, r.place) k
      JOIN hotspot_keys hk ON hk.category_id = r.category_id AND hk.y = k.y AND hk.x = k.x AND hk.hood = k.h AND hk.place = k.p
     WHERE r.created_at >= lo AND r.created_at < hi AND (r.lat IS NOT NULL OR r.place IS NOT NULL)
     GROUP BY hk.id;
  ELSE
    DELETE FROM referral_months WHERE span = 0 AND month = m;
    INSERT INTO referral_months (month, span, layer, unit_id, neighbourhood_id, bucket, n, on_time, returned, reopened,
                                 answered, resolved)
    SELECT m, 0, l.layer, f.unit_id, CASE WHEN l.layer = 1 THEN f.neighbourhood_id END,
           CASE WHEN f.done_at > f.deadline_at THEN analytics_bucket(extract(epoch FROM f.done_at - f.deadline_at) / 3600) END,
           count(*), count(*) FILTER (WHERE f.done_at <= f.deadline_at), count(*) FILTER (WHERE f.outcome = 'returned'),
           count(DISTINCT f.request_id) FILTER (WHERE f.reopened), count(f.feedback), count(*) FILTER (WHERE f.feedback)
      FROM referral_facts f CROSS JOIN (VALUES (0::smallint), (1::smallint)) l (layer)
     WHERE f.referred_at >= lo AND f.referred_at < hi
     GROUP BY 3, 4, 5, 6;
  END IF;
  INSERT INTO analytics_histogram_months (kind, span, month, next_month, time_zone) VALUES (k, 0, m, nxt, tz)
  ON CONFLICT (kind, span, month) DO UPDATE SET next_month = EXCLUDED.next_month, time_zone = EXCLUDED.time_zone,
    built_at = now();
END $$;

-- A year's histograms: the sum of its months' (the same buckets, so the sums are exact).
CREATE FUNCTION analytics_histogram_build_year(k smallint, y date, tz text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  nxt date := jalali_nowruz(extract(year FROM y)::int + 1);
BEGIN
  IF k = 0 THEN
    DELETE FROM resolution_months WHERE span = 1 AND month = y;
    INSERT INTO resolution_months (month, span, layer, category_id, unit_id, hazard, district_id, neighbourhood_id,
                                   channel, status, bucket, n, answered, resolved, done_or_closed, asked)
    SELECT y, 1, layer, category_id, unit_id, hazard, district_id, neighbourhood_id, channel, status, bucket,
           sum(n), sum(answered), sum(resolved), sum(done_or_closed), sum(asked)
      FROM resolution_months WHERE span = 0 AND month >= y AND month < nxt
     GROUP BY layer, category_id, unit_id, hazard, district_id, neighbourhood_id, channel, status, bucket;
  ELSE
    DELETE FROM referral_months WHERE span = 1 AND month = y;
    INSERT INTO referral_months (month, span, layer, unit_id, neighbourhood_id, bucket, n, on_time, returned, reopened,
                                 answered, resolved)
    SELECT y, 1, layer, unit_id, neighbourhood_id, bucket, sum(n), sum(on_time), sum(returned), sum(reopened),
           sum(answered), sum(resolved)
      FROM referral_months WHERE span = 0 AND month >= y AND month < nxt
     GROUP BY layer, unit_id, neighbourhood_id, bucket;
  END IF;
  INSERT INTO analytics_histogram_months (kind, span, month, next_month, time_zone) VALUES (k, 1, y, nxt, tz)
  ON CONFLICT (kind, span, month) DO UPDATE SET next_month = EXCLUDED.next_month, time_zone = EXCLUDED.time_zone,
    built_at = now();
END $$;

-- The marked months rebuilt (at most max_months of them; the rest stay marked for the next run),
-- then the years that are over and have no month left marked: those just rebuilt in, and those
-- not built yet. The marks are taken (deleted) before the facts are read: a change that commits
-- meanwhile either is seen by the rebuild or leaves a mark of its own, so no change is ever lost.
-- One refresh at a time across every node (an advisory lock); a zone change rebuilds everything.
-- Returns the months built.
CREATE FUNCTION analytics_histograms_refresh(max_months integer DEFAULT 24) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
  today date := (now() AT TIME ZONE (SELECT time_zone FROM analytics_settings))::date;
  todo record;
  built integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('cti137 analytics histograms')) THEN RETURN 0; END IF;
  IF EXISTS (SELECT 1 FROM analytics_histogram_months WHERE time_zone <> tz) THEN
    TRUNCATE resolution_months, referral_months, analytics_histogram_months, hotspot_key_months, hotspot_keys;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM analytics_histogram_months) THEN
    -- First run (or a new zone): every month there are facts for.
    INSERT INTO analytics_fact_changes (kind, month)
    SELECT DISTINCT 0, analytics_month_of(created_at, tz) FROM request_facts
    UNION SELECT DISTINCT 1, analytics_month_of(referred_at, tz) FROM referral_facts;
  END IF;
  FOR todo IN
    WITH taken AS (
      DELETE FROM analytics_fact_changes c
       WHERE (c.kind, c.month) IN (SELECT DISTINCT x.kind, x.month FROM analytics_fact_changes x
                                    ORDER BY x.month DESC, x.kind LIMIT max_months)
      RETURNING c.kind, c.month)
    SELECT DISTINCT kind, month FROM taken ORDER BY month, kind
  LOOP
    PERFORM analytics_histogram_build(todo.kind, todo.month, tz);
    built := built + 1;
  END LOOP;
  FOR todo IN
    SELECT DISTINCT h.kind, analytics_year_start(h.month) AS y
      FROM analytics_histogram_months h
     WHERE h.span = 0
       AND (h.built_at = now()
            OR NOT EXISTS (SELECT 1 FROM analytics_histogram_months x
                            WHERE x.kind = h.kind AND x.span = 1 AND x.month = analytics_year_start(h.month)))
  LOOP
    CONTINUE WHEN jalali_nowruz(extract(year FROM todo.y)::int + 1) > today;
    CONTINUE WHEN EXISTS (SELECT 1 FROM analytics_fact_changes c WHERE c.kind = todo.kind AND c.month >= todo.y
                             AND c.month < jalali_nowruz(extract(year FROM todo.y)::int + 1));
    PERFORM analytics_histogram_build_year(todo.kind, todo.y, tz);
  END LOOP;
  RETURN built;
END $$;

-- Down Migration
DROP FUNCTION IF EXISTS analytics_histograms_refresh(integer);
DROP FUNCTION IF EXISTS analytics_histogram_build_year(smallint, date, text);
DROP FUNCTION IF EXISTS analytics_histogram_build(smallint, date, text);
DROP TRIGGER IF EXISTS analytics_marks_insert ON request_facts;
DROP TRIGGER IF EXISTS analytics_marks_update ON request_facts;
DROP TRIGGER IF EXISTS analytics_marks_delete ON request_facts;
DROP TRIGGER IF EXISTS analytics_marks_insert ON referral_facts;
DROP TRIGGER IF EXISTS analytics_marks_update ON referral_facts;
DROP TRIGGER IF EXISTS analytics_marks_delete ON referral_facts;
DROP TRIGGER IF EXISTS analytics_marks_truncate ON request_facts;
DROP TRIGGER IF EXISTS analytics_marks_truncate ON referral_facts;
DROP FUNCTION IF EXISTS analytics_histograms_truncate();
DROP FUNCTION IF EXISTS analytics_referral_facts_marked();
DROP FUNCTION IF EXISTS analytics_request_facts_marked();
DROP FUNCTION IF EXISTS analytics_month_of(timestamptz, text);
DROP FUNCTION IF EXISTS analytics_year_start(date);
DROP INDEX IF EXISTS referral_facts_open_idx;
DROP FUNCTION IF EXISTS analytics_hotspot_key(double precision, double precision, integer, text);
DROP TABLE IF EXISTS hotspot_key_months;
DROP TABLE IF EXISTS hotspot_keys;
DROP TABLE IF EXISTS referral_months;
DROP TABLE IF EXISTS resolution_months;
DROP TABLE IF EXISTS analytics_histogram_months;
DROP TABLE IF EXISTS analytics_fact_changes;
DROP FUNCTION IF EXISTS analytics_bucket(double precision);
