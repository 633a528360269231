-- Up Migration
-- Issue 14 item 6, the figures the day roll-up (023) cannot hold: time to resolution with the
-- citizens' word (GET /analytics/resolution) and unit accountability (GET /analytics/units). Both
-- need, per request or per referral, facts spread over five tables (the latest "done", the latest
-- feedback answer, whether anyone asked, reopens after the referral, the first answer after "done").
-- Joined at read time over five years that was tens of seconds; here each is one row, kept by
-- statement triggers that recompute the rows of the requests a statement touched with the very
-- expressions the reference queries use (analytics-raw-repository.ts), so the figures stay exact.
--
-- Instants are kept as such (no local day), so the facts are right in every zone. Bulk loads that
-- turn triggers off (session_replication_role = replica) call analytics_facts_rebuild() afterwards.
CREATE TABLE request_facts (
  id                bigint PRIMARY KEY,      -- requests.id
  category_id       integer NOT NULL,
  neighbourhood_id  integer,
  unit_id           integer,
  channel           text NOT NULL,
  hazard            boolean NOT NULL,
  status            text NOT NULL,
  created_at        timestamptz NOT NULL,
  -- Hours from creation to closing, or else to the latest referral's "done"; the reference's exact float.
  resolved_hours    double precision,
  -- The latest feedback answer's word (by time, then id); NULL: none.
  feedback          boolean,
  -- Done or closed, and the citizen was asked (an answered feedback/closure call or SMS, or a done task).
  asked             boolean,
  -- For the hotspots: the map point, else the typed address and its folded form (ي→ی, ك→ک, spaces
  -- squeezed, lower case) when it is not blank; a request with neither has no place.
  lat               double precision,
  lng               double precision,
  address           text,
  place             text
);
CREATE INDEX request_facts_created_idx ON request_facts (created_at);

CREATE TABLE referral_facts (
  id                bigint PRIMARY KEY,      -- referrals.id
  request_id        bigint NOT NULL,
  unit_id           integer NOT NULL,
  neighbourhood_id  integer,                 -- the request's, for a council member's scope
  referred_at       timestamptz NOT NULL,
  deadline_at       timestamptz NOT NULL,
  done_at           timestamptz,
  ended_at          timestamptz,
  outcome           text,
  -- A special follow-up or a citizen's reopen of the request at or after the referral.
  reopened          boolean NOT NULL,
  -- The citizen's first feedback answer at or after the unit's "done"; NULL: none.
  feedback          boolean
);
CREATE INDEX referral_facts_referred_idx ON referral_facts (referred_at);
CREATE INDEX referral_facts_request_idx ON referral_facts (request_id);

-- A request's place for the hotspots when it has no map point: its address as typed and folded.
CREATE FUNCTION analytics_place(point_lat double precision, typed text, OUT address text, OUT place text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN p.lat IS NULL AND btrim(COALESCE(p.address, '')) <> '' THEN p.address END,
         CASE WHEN p.lat IS NULL AND btrim(COALESCE(p.address, '')) <> ''
              THEN lower(regexp_replace(btrim(translate(p.address, 'يك', 'یک')), '\s+', ' ', 'g')) END
    FROM (SELECT $1 AS lat, $2 AS address) p
$$;

-- The facts of these requests and of their referrals, recomputed; those of requests or referrals
-- that are gone, removed. Upserts, so that two transactions refreshing one request cannot collide.
CREATE FUNCTION analytics_facts_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN RETURN; END IF;
  DELETE FROM request_facts x WHERE x.id = ANY (ids) AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = x.id);
  INSERT INTO request_facts AS x
  SELECT r.id, r.category_id, r.neighbourhood_id, r.unit_id, r.channel, r.hazard, r.status, r.created_at,
         (extract(epoch FROM COALESCE(r.closed_at, (SELECT max(f.done_at) FROM referrals f WHERE f.request_id = r.id))
                             - r.created_at) / 3600)::double precision,
         (SELECT a.resolved FROM feedback_answers a WHERE a.request_id = r.id AND a.kind = 'feedback'
           ORDER BY a.at DESC, a.id DESC LIMIT 1),
         CASE WHEN r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') THEN
           EXISTS (SELECT 1 FROM feedback_answers a WHERE a.request_id = r.id AND a.kind IN ('feedback', 'closure'))
           OR EXISTS (SELECT 1 FROM feedback_calls fc WHERE fc.request_id = r.id AND fc.state = 'answered')
           OR EXISTS (SELECT 1 FROM feedback_tasks t WHERE t.request_id = r.id AND t.done_at IS NOT NULL)
         END,
         r.lat, r.lng, p.address, p.place
    FROM requests r CROSS JOIN LATERAL analytics_place(r.lat, r.address) p WHERE r.id = ANY (ids)
  ON CONFLICT (id) DO UPDATE SET category_id = EXCLUDED.category_id, neighbourhood_id = EXCLUDED.neighbourhood_id,
    unit_id = EXCLUDED.unit_id, channel = EXCLUDED.channel, hazard = EXCLUDED.hazard, status = EXCLUDED.status,
    created_at = EXCLUDED.created_at, resolved_hours = EXCLUDED.resolved_hours, feedback = EXCLUDED.feedback,
    asked = EXCLUDED.asked, lat = EXCLUDED.lat, lng = EXCLUDED.lng, address = EXCLUDED.address, place = EXCLUDED.place;
  DELETE FROM referral_facts x WHERE x.request_id = ANY (ids) AND NOT EXISTS (SELECT 1 FROM referrals f WHERE f.id = x.id);
  INSERT INTO referral_facts AS x
  SELECT f.id, f.request_id, f.unit_id, r.neighbourhood_id, f.referred_at, f.deadline_at, f.done_at, f.ended_at, f.outcome,
         EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = f.request_id
                    AND e.kind = 'special-follow-up' AND e.at >= f.referred_at)
         OR EXISTS (SELECT 1 FROM feedback_answers a WHERE a.request_id = f.request_id
                    AND a.kind = 'reopen' AND a.at >= f.referred_at),
         (SELECT a.resolved FROM feedback_answers a WHERE a.request_id = f.request_id AND a.kind = 'feedback'
             AND f.done_at IS NOT NULL AND a.at >= f.done_at ORDER BY a.at, a.id LIMIT 1)
    FROM referrals f JOIN requests r ON r.id = f.request_id WHERE f.request_id = ANY (ids)
  ON CONFLICT (id) DO UPDATE SET request_id = EXCLUDED.request_id, unit_id = EXCLUDED.unit_id,
    neighbourhood_id = EXCLUDED.neighbourhood_id, referred_at = EXCLUDED.referred_at, deadline_at = EXCLUDED.deadline_at,
    done_at = EXCLUDED.done_at, ended_at = EXCLUDED.ended_at, outcome = EXCLUDED.outcome, reopened = EXCLUDED.reopened,
    feedback = EXCLUDED.feedback;
END $$;

-- A change to a request's referrals, answers, calls, tasks or events. The request rows are locked
-- first (in id order): a second transaction touching the same request waits, then recomputes from
-- what the first committed, so the last refresh never writes facts read before another's change.
CREATE FUNCTION analytics_facts_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT DISTINCT n.request_id FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT DISTINCT o.request_id FROM old_rows o);
  ELSE
    ids := ARRAY(SELECT n.request_id FROM new_rows n UNION SELECT o.request_id FROM old_rows o);
  END IF;
  PERFORM 1 FROM requests r WHERE r.id = ANY (ids) ORDER BY r.id FOR NO KEY UPDATE;
  PERFORM analytics_facts_refresh(ids);
  RETURN NULL;
END $$;

-- A change to requests themselves: inserted and deleted ones, and updates of what the facts hold
-- (an update of the text, the address or a counter leaves them be). The rows are locked already.
CREATE FUNCTION analytics_facts_request_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM analytics_facts_refresh(ARRAY(SELECT n.id FROM new_rows n));
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM request_facts x USING old_rows o WHERE x.id = o.id;
    DELETE FROM referral_facts x USING old_rows o WHERE x.request_id = o.id;
  ELSE
    PERFORM analytics_facts_refresh(ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (n.category_id, n.neighbourhood_id, n.unit_id, n.channel, n.hazard, n.status, n.created_at, n.closed_at,
              n.lat, n.lng, n.address)
             IS DISTINCT FROM (o.category_id, o.neighbourhood_id, o.unit_id, o.channel, o.hazard, o.status, o.created_at,
                               o.closed_at, o.lat, o.lng, o.address)));
  END IF;
  RETURN NULL;
END $$;

-- Of a request's events only special follow-ups count (as reopens); notes and the rest leave the facts be.
CREATE FUNCTION analytics_facts_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT DISTINCT n.request_id FROM new_rows n WHERE n.kind = 'special-follow-up');
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT DISTINCT o.request_id FROM old_rows o WHERE o.kind = 'special-follow-up');
  ELSE
    ids := ARRAY(SELECT n.request_id FROM new_rows n WHERE n.kind = 'special-follow-up'
                 UNION SELECT o.request_id FROM old_rows o WHERE o.kind = 'special-follow-up');
  END IF;
  PERFORM 1 FROM requests r WHERE r.id = ANY (ids) ORDER BY r.id FOR NO KEY UPDATE;
  PERFORM analytics_facts_refresh(ids);
  RETURN NULL;
END $$;

CREATE FUNCTION analytics_facts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE request_facts, referral_facts, request_monthly_counts;
  RETURN NULL;
END $$;

-- The counts over months and years (GET /analytics/requests by month, season or year; heat and top
-- categories over the whole Jalali months of a range) read a month roll-up: the day roll-up holds
-- about as many rows as there are requests (~1,500 keys a day on the bench), so five years of it is
-- millions of rows. Months are Jalali (a period of those kinds is whole Jalali months). Three
-- layers keep it small: 0 holds the keys every filter and grouping but channel and status needs,
-- 1 adds the channel, 2 the status (unused columns ''). Kept by the same kind of triggers as 023.

-- Nowruz (1 Farvardin) of the Jalali year starting in Gregorian year gy: the break-year algorithm of
-- src/calendar/jalali.ts (jalCal), integer division and remainder truncating as there.
CREATE FUNCTION jalali_nowruz(gy integer) RETURNS date LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  breaks integer[] := ARRAY[-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
                            2394, 2456, 3178];
  jy integer := gy - 621;
  leap_j integer := -14;
  jp integer := breaks[1];
  jump integer := 0;
  n integer;
  jm integer;
BEGIN
  IF jy < breaks[1] OR jy >= breaks[array_length(breaks, 1)] THEN
    RAISE EXCEPTION 'Jalali year % out of range', jy;
  END IF;
  FOR i IN 2 .. array_length(breaks, 1) LOOP
    jm := breaks[i];
    jump := jm - jp;
    EXIT WHEN jy < jm;
    leap_j := leap_j + (jump / 33) * 8 + (jump % 33) / 4;
    jp := jm;
  END LOOP;
  n := jy - jp;
  leap_j := leap_j + (n / 33) * 8 + (n % 33 + 3) / 4;
  IF jump % 33 = 4 AND jump - n = 4 THEN leap_j := leap_j + 1; END IF;
  RETURN make_date(gy, 3, 20 + leap_j - ((gy / 4) - ((gy / 100 + 1) * 3) / 4 - 150));
END $$;

-- The first Gregorian day of the Jalali month holding d: months 1–6 have 31 days, 7–12 30 (29).
CREATE FUNCTION jalali_month_start(d date) RETURNS date LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN k < 186 THEN y + (k / 31) * 31 ELSE y + 186 + ((k - 186) / 30) * 30 END
    FROM (SELECT y, d - y AS k
            FROM (SELECT CASE WHEN d >= jalali_nowruz(extract(year FROM d)::int) THEN jalali_nowruz(extract(year FROM d)::int)
                              ELSE jalali_nowruz(extract(year FROM d)::int - 1) END AS y) a) b
$$;

CREATE TABLE request_monthly_counts (
  month             date NOT NULL,           -- the Jalali month's first day
  layer             smallint NOT NULL CHECK (layer IN (0, 1, 2)),
  category_id       integer NOT NULL,
  neighbourhood_id  integer,
  unit_id           integer,
  hazard            boolean NOT NULL,
  channel           text NOT NULL,
  status            text NOT NULL,
  n                 integer NOT NULL CHECK (n > 0)
);
CREATE UNIQUE INDEX request_monthly_counts_key ON request_monthly_counts
  (layer, month, category_id, neighbourhood_id, unit_id, hazard, channel, status) NULLS NOT DISTINCT;

-- One request's three layer rows moved by delta (+1 or -1); a row reaching zero goes.
CREATE FUNCTION request_monthly_counts_add(tz text, r requests, delta integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m date := jalali_month_start((r.created_at AT TIME ZONE tz)::date);
  l smallint;
BEGIN
  FOR l IN 0 .. 2 LOOP
    IF delta > 0 THEN
      INSERT INTO request_monthly_counts AS x
      VALUES (m, l, r.category_id, r.neighbourhood_id, r.unit_id, r.hazard, CASE WHEN l = 1 THEN r.channel ELSE '' END,
              CASE WHEN l = 2 THEN r.status ELSE '' END, 1)
      ON CONFLICT (layer, month, category_id, neighbourhood_id, unit_id, hazard, channel, status) DO UPDATE SET n = x.n + 1;
    ELSE
      UPDATE request_monthly_counts x SET n = x.n - 1
       WHERE x.layer = l AND x.month = m AND x.category_id = r.category_id
         AND x.neighbourhood_id IS NOT DISTINCT FROM r.neighbourhood_id AND x.unit_id IS NOT DISTINCT FROM r.unit_id
         AND x.hazard = r.hazard AND x.channel = CASE WHEN l = 1 THEN r.channel ELSE '' END
         AND x.status = CASE WHEN l = 2 THEN r.status ELSE '' END AND x.n > 1;
      IF NOT FOUND THEN
        DELETE FROM request_monthly_counts x
         WHERE x.layer = l AND x.month = m AND x.category_id = r.category_id
           AND x.neighbourhood_id IS NOT DISTINCT FROM r.neighbourhood_id AND x.unit_id IS NOT DISTINCT FROM r.unit_id
           AND x.hazard = r.hazard AND x.channel = CASE WHEN l = 1 THEN r.channel ELSE '' END
           AND x.status = CASE WHEN l = 2 THEN r.status ELSE '' END;
      END IF;
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION request_monthly_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM request_monthly_counts_add(tz, OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM request_monthly_counts_add(tz, NEW, 1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER request_monthly_counts_ins_del AFTER INSERT OR DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_monthly_counts_trigger();
CREATE TRIGGER request_monthly_counts_upd AFTER UPDATE OF created_at, category_id, neighbourhood_id, unit_id, channel,
  hazard, status ON requests
  FOR EACH ROW
  WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.category_id IS DISTINCT FROM NEW.category_id
        OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.hazard IS DISTINCT FROM NEW.hazard
        OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION request_monthly_counts_trigger();

-- The months counted afresh from the day roll-up (whose days are already local).
CREATE FUNCTION request_monthly_counts_recount() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE request_monthly_counts IN EXCLUSIVE MODE;
  TRUNCATE request_monthly_counts;
  INSERT INTO request_monthly_counts
  SELECT m.month, l.layer, d.category_id, d.neighbourhood_id, d.unit_id, d.hazard,
         CASE WHEN l.layer = 1 THEN d.channel ELSE '' END, CASE WHEN l.layer = 2 THEN d.status ELSE '' END, sum(d.n)
    FROM request_daily_counts d
    JOIN (SELECT x.day, jalali_month_start(x.day) AS month FROM (SELECT DISTINCT day FROM request_daily_counts) x) m
      ON m.day = d.day
   CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) l(layer)
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
END $$;

-- 023's rebuild (a zone change, a bulk load) now counts the months too.
CREATE OR REPLACE FUNCTION analytics_rollup_rebuild(zone text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF zone IS NOT NULL THEN
    UPDATE analytics_settings SET time_zone = zone;
  END IF;
  LOCK TABLE request_daily_counts IN EXCLUSIVE MODE;
  TRUNCATE request_daily_counts;
  INSERT INTO request_daily_counts
  SELECT (r.created_at AT TIME ZONE s.time_zone)::date, r.category_id, r.neighbourhood_id, r.unit_id, r.channel,
         r.hazard, r.status, count(*)
    FROM requests r CROSS JOIN analytics_settings s
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
  PERFORM request_monthly_counts_recount();
END $$;

-- PostgreSQL takes transition tables on single-event triggers only: three per table.
DO $$
DECLARE
  t text;
  op text;
BEGIN
  FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
    EXECUTE format('CREATE TRIGGER analytics_facts_%s AFTER %s ON requests REFERENCING %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION analytics_facts_request_changed()', lower(op), op,
                   CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows' WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                           ELSE 'NEW TABLE AS new_rows OLD TABLE AS old_rows' END);
    FOREACH t IN ARRAY ARRAY['referrals', 'feedback_answers', 'feedback_calls', 'feedback_tasks', 'request_events'] LOOP
      EXECUTE format('CREATE TRIGGER analytics_facts_%s AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT '
                     'EXECUTE FUNCTION %s()', lower(op), op, t,
                     CASE op WHEN 'INSERT' THEN 'NEW TABLE AS new_rows' WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                             ELSE 'NEW TABLE AS new_rows OLD TABLE AS old_rows' END,
                     CASE t WHEN 'request_events' THEN 'analytics_facts_event_changed' ELSE 'analytics_facts_child_changed' END);
    END LOOP;
  END LOOP;
END $$;
CREATE TRIGGER analytics_facts_truncate AFTER TRUNCATE ON requests
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_truncate();

-- Every fact afresh, as grouped passes (a subquery per row would probe millions of times).
CREATE FUNCTION analytics_facts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE request_facts, referral_facts IN EXCLUSIVE MODE;
  TRUNCATE request_facts, referral_facts;
  SET LOCAL work_mem = '256MB';
  INSERT INTO request_facts
  WITH done AS (SELECT request_id, max(done_at) AS done_at FROM referrals GROUP BY 1),
       fa AS (
         SELECT a.request_id,
                (array_agg(a.resolved ORDER BY a.at DESC, a.id DESC) FILTER (WHERE a.kind = 'feedback'))[1] AS resolved,
                bool_or(a.kind IN ('feedback', 'closure')) AS answered
           FROM feedback_answers a GROUP BY 1),
       calls AS (SELECT DISTINCT request_id FROM feedback_calls WHERE state = 'answered'),
       tasks AS (SELECT DISTINCT request_id FROM feedback_tasks WHERE done_at IS NOT NULL)
  SELECT r.id, r.category_id, r.neighbourhood_id, r.unit_id, r.channel, r.hazard, r.status, r.created_at,
         (extract(epoch FROM COALESCE(r.closed_at, done.done_at) - r.created_at) / 3600)::double precision,
         fa.resolved,
         CASE WHEN r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') THEN
           COALESCE(fa.answered, false) OR calls.request_id IS NOT NULL OR tasks.request_id IS NOT NULL
         END,
         r.lat, r.lng, p.address, p.place
    FROM requests r CROSS JOIN LATERAL analytics_place(r.lat, r.address) p LEFT JOIN done ON done.request_id = r.id LEFT JOIN fa ON fa.request_id = r.id
    LEFT JOIN calls ON calls.request_id = r.id LEFT JOIN tasks ON tasks.request_id = r.id;
  INSERT INTO referral_facts
  WITH again AS (
         SELECT s.request_id, max(s.at) AS at FROM (
           SELECT e.request_id, e.at FROM request_events e WHERE e.kind = 'special-follow-up'
           UNION ALL SELECT a.request_id, a.at FROM feedback_answers a WHERE a.kind = 'reopen') s GROUP BY 1),
       fb AS (
         SELECT DISTINCT ON (f.id) f.id, a.resolved
           FROM referrals f JOIN feedback_answers a ON a.request_id = f.request_id AND a.kind = 'feedback'
                                                   AND a.at >= f.done_at
          ORDER BY f.id, a.at, a.id)
  SELECT f.id, f.request_id, f.unit_id, r.neighbourhood_id, f.referred_at, f.deadline_at, f.done_at, f.ended_at,
         f.outcome, COALESCE(again.at >= f.referred_at, false), fb.resolved
    FROM referrals f JOIN requests r ON r.id = f.request_id LEFT JOIN again ON again.request_id = f.request_id
    LEFT JOIN fb ON fb.id = f.id;
END $$;

-- The backfill.
SELECT request_monthly_counts_recount();
SELECT analytics_facts_rebuild();
ANALYZE request_facts;
ANALYZE referral_facts;
ANALYZE request_monthly_counts;

-- Down Migration
DROP TRIGGER IF EXISTS analytics_facts_truncate ON requests;
DROP TRIGGER IF EXISTS request_monthly_counts_upd ON requests;
DROP TRIGGER IF EXISTS request_monthly_counts_ins_del ON requests;
DO $$
DECLARE
  t text;
  op text;
BEGIN
  FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
    FOREACH t IN ARRAY ARRAY['requests', 'referrals', 'feedback_answers', 'feedback_calls', 'feedback_tasks',
                             'request_events'] LOOP
      EXECUTE format('DROP TRIGGER IF EXISTS analytics_facts_%s ON %I', op, t);
    END LOOP;
  END LOOP;
END $$;
DROP FUNCTION IF EXISTS analytics_facts_rebuild();
DROP FUNCTION IF EXISTS analytics_facts_truncate();
DROP FUNCTION IF EXISTS analytics_facts_request_changed();
DROP FUNCTION IF EXISTS analytics_facts_child_changed();
DROP FUNCTION IF EXISTS analytics_facts_event_changed();
DROP FUNCTION IF EXISTS analytics_facts_refresh(bigint[]);
DROP FUNCTION IF EXISTS analytics_place(double precision, text);
DROP TABLE IF EXISTS referral_facts;
DROP TABLE IF EXISTS request_facts;
DROP FUNCTION IF EXISTS request_monthly_counts_trigger();
DROP FUNCTION IF EXISTS request_monthly_counts_recount();
DROP FUNCTION IF EXISTS request_monthly_counts_add(text, requests, integer);
DROP TABLE IF EXISTS request_monthly_counts;
DROP FUNCTION IF EXISTS jalali_month_start(date);
DROP FUNCTION IF EXISTS jalali_nowruz(integer);
-- 023's rebuild as it was (days only).
CREATE OR REPLACE FUNCTION analytics_rollup_rebuild(zone text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF zone IS NOT NULL THEN
    UPDATE analytics_settings SET time_zone = zone;
  END IF;
  LOCK TABLE request_daily_counts IN EXCLUSIVE MODE;
  TRUNCATE request_daily_counts;
  INSERT INTO request_daily_counts
  SELECT (r.created_at AT TIME ZONE s.time_zone)::date, r.category_id, r.neighbourhood_id, r.unit_id, r.channel,
         r.hazard, r.status, count(*)
    FROM requests r CROSS JOIN analytics_settings s
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;
