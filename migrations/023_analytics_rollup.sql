-- Up Migration
-- Issue 14 item 6: the analytics counts (GET /analytics/requests, /heat, /top-categories) read a
-- roll-up instead of every request: requests per creation day and every key the figures group or
-- filter by (category, neighbourhood, unit, channel, hazard, status), kept exactly right by triggers
-- on requests. "day" is the creation day, which never changes; a change of status, category, place,
-- unit, channel or hazard moves one from the old key to the new.
--
-- The day is local to the centre, so the triggers need the zone: it lives in analytics_settings
-- (Asia/Tehran, TZ_CENTRE's default). Hour buckets in UTC were the other way, zone-proof at query
-- time, but Tehran is UTC+03:30 (and some zones are :45 off), so they would have to be quarter hours:
-- 96 times the keys of a day and no roll-up left. The reads use the roll-up only while its zone is the
-- one asked for and fall back to the requests otherwise; a centre elsewhere runs once
-- SELECT analytics_rollup_rebuild('Its/Zone');
-- Bulk loads that turn triggers off (session_replication_role = replica, as the bench seed does)
-- call analytics_rollup_rebuild() afterwards.
CREATE TABLE analytics_settings (
  id         boolean PRIMARY KEY DEFAULT true CHECK (id),
  time_zone  text NOT NULL
);
INSERT INTO analytics_settings (time_zone) VALUES ('Asia/Tehran');

CREATE TABLE request_daily_counts (
  day               date NOT NULL,
  category_id       integer NOT NULL,
  neighbourhood_id  integer,
  unit_id           integer,
  channel           text NOT NULL,
  hazard            boolean NOT NULL,
  status            text NOT NULL,
  n                 integer NOT NULL CHECK (n > 0)
);
CREATE UNIQUE INDEX request_daily_counts_key ON request_daily_counts
  (day, category_id, neighbourhood_id, unit_id, channel, hazard, status) NULLS NOT DISTINCT;

CREATE FUNCTION analytics_rollup_rebuild(zone text DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
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

-- One request less under its old key (the key's row goes when it reaches zero: a zero row would
-- show a group with no requests), one more under its new key.
CREATE FUNCTION request_daily_counts_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
  left_n integer;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE request_daily_counts d SET n = d.n - 1
     WHERE d.day = (OLD.created_at AT TIME ZONE tz)::date AND d.category_id = OLD.category_id
       AND d.neighbourhood_id IS NOT DISTINCT FROM OLD.neighbourhood_id AND d.unit_id IS NOT DISTINCT FROM OLD.unit_id
       AND d.channel = OLD.channel AND d.hazard = OLD.hazard AND d.status = OLD.status AND d.n > 1
    RETURNING d.n INTO left_n;
    IF left_n IS NULL THEN
      DELETE FROM request_daily_counts d
       WHERE d.day = (OLD.created_at AT TIME ZONE tz)::date AND d.category_id = OLD.category_id
         AND d.neighbourhood_id IS NOT DISTINCT FROM OLD.neighbourhood_id AND d.unit_id IS NOT DISTINCT FROM OLD.unit_id
         AND d.channel = OLD.channel AND d.hazard = OLD.hazard AND d.status = OLD.status;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO request_daily_counts AS d
    VALUES ((NEW.created_at AT TIME ZONE tz)::date, NEW.category_id, NEW.neighbourhood_id, NEW.unit_id, NEW.channel,
            NEW.hazard, NEW.status, 1)
    ON CONFLICT (day, category_id, neighbourhood_id, unit_id, channel, hazard, status) DO UPDATE SET n = d.n + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION request_daily_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE request_daily_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER request_daily_counts_ins_del AFTER INSERT OR DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_daily_counts_trigger();
CREATE TRIGGER request_daily_counts_upd AFTER UPDATE OF created_at, category_id, neighbourhood_id, unit_id, channel,
  hazard, status ON requests
  FOR EACH ROW
  WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.category_id IS DISTINCT FROM NEW.category_id
        OR OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
        OR OLD.channel IS DISTINCT FROM NEW.channel OR OLD.hazard IS DISTINCT FROM NEW.hazard
        OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION request_daily_counts_trigger();
CREATE TRIGGER request_daily_counts_truncate AFTER TRUNCATE ON requests
  FOR EACH STATEMENT EXECUTE FUNCTION request_daily_counts_truncate();

-- The backfill.
SELECT analytics_rollup_rebuild();

-- Down Migration
DROP TRIGGER IF EXISTS request_daily_counts_truncate ON requests;
DROP TRIGGER IF EXISTS request_daily_counts_upd ON requests;
DROP TRIGGER IF EXISTS request_daily_counts_ins_del ON requests;
DROP FUNCTION IF EXISTS request_daily_counts_truncate();
DROP FUNCTION IF EXISTS request_daily_counts_trigger();
DROP FUNCTION IF EXISTS analytics_rollup_rebuild(text);
DROP TABLE IF EXISTS request_daily_counts;
DROP TABLE IF EXISTS analytics_settings;
