-- Up Migration
-- Issue 15: an Open311 POST at 100/s. Inserting one request and its automatic referral cost
-- PostgreSQL ~2.8 ms in the analytics triggers of 023 and 028 (of ~4.7 ms a post): the facts of the
-- request and of all its referrals recomputed twice with the reference expressions (re-planned at
-- each call), and three month rows and a day row written one statement each. The common case of an
-- INSERT gets a direct path here; updates, deletes and the other tables keep 028's recomputation.
-- Figures stay exact because every child table (referrals, feedback_answers, feedback_calls,
-- feedback_tasks, request_events) references requests with a non-deferrable key: a request being
-- inserted has none of them yet, so the reference expressions reduce to what is written below.

-- Requests inserted by one statement: day and month counts grouped from its rows (one upsert per
-- key instead of four a row), and the new requests' facts written directly: no referral so
-- resolved_hours is from closed_at alone, no answer so feedback is NULL, and asked is false once
-- done or closed. DO NOTHING: a referral inserted in the same statement (a CTE) that fired first
-- has written this request's facts already, from everything.
CREATE FUNCTION analytics_requests_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tz text := (SELECT time_zone FROM analytics_settings);
BEGIN
  WITH d AS (
         SELECT (n.created_at AT TIME ZONE tz)::date AS day, n.category_id, n.neighbourhood_id, n.unit_id, n.channel,
                n.hazard, n.status, count(*)::int AS k
           FROM new_rows n GROUP BY 1, 2, 3, 4, 5, 6, 7),
       days AS (
         INSERT INTO request_daily_counts AS x
         SELECT d.day, d.category_id, d.neighbourhood_id, d.unit_id, d.channel, d.hazard, d.status, d.k FROM d
         ON CONFLICT (day, category_id, neighbourhood_id, unit_id, channel, hazard, status) DO UPDATE SET n = x.n + EXCLUDED.n),
       m AS MATERIALIZED (SELECT s.day, jalali_month_start(s.day) AS month FROM (SELECT DISTINCT d.day FROM d) s),
       facts AS (
         INSERT INTO request_facts
         SELECT n.id, n.category_id, n.neighbourhood_id, n.unit_id, n.channel, n.hazard, n.status, n.created_at,
                (extract(epoch FROM n.closed_at - n.created_at) / 3600)::double precision, NULL,
                CASE WHEN n.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') THEN false END,
                n.lat, n.lng, p.address, p.place
           FROM new_rows n CROSS JOIN LATERAL analytics_place(n.lat, n.address) p
         ON CONFLICT (id) DO NOTHING)
  INSERT INTO request_monthly_counts AS x
  SELECT m.month, l.layer, d.category_id, d.neighbourhood_id, d.unit_id, d.hazard,
         CASE WHEN l.layer = 1 THEN d.channel ELSE '' END, CASE WHEN l.layer = 2 THEN d.status ELSE '' END, sum(d.k)
    FROM d JOIN m ON m.day = d.day CROSS JOIN (VALUES (0::smallint), (1::smallint), (2::smallint)) l(layer)
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (layer, month, category_id, neighbourhood_id, unit_id, hazard, channel, status) DO UPDATE SET n = x.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- Referrals inserted: their own facts rows with 028's expressions. The request's facts change only
-- through max(done_at), and the other referrals' facts not at all, unless a new referral is done
-- already: then 028's whole refresh. The request rows are locked first, as 028 does, so that a
-- concurrent answer or event waits and then recomputes from what this transaction committed.
CREATE FUNCTION analytics_facts_referrals_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := ARRAY(SELECT DISTINCT n.request_id FROM new_rows n);
BEGIN
  PERFORM 1 FROM requests r WHERE r.id = ANY (ids) ORDER BY r.id FOR NO KEY UPDATE;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE n.done_at IS NOT NULL) THEN
    PERFORM analytics_facts_refresh(ids);
    RETURN NULL;
  END IF;
  INSERT INTO referral_facts AS x
  SELECT f.id, f.request_id, f.unit_id, r.neighbourhood_id, f.referred_at, f.deadline_at, f.done_at, f.ended_at, f.outcome,
         EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = f.request_id
                    AND e.kind = 'special-follow-up' AND e.at >= f.referred_at)
         OR EXISTS (SELECT 1 FROM feedback_answers a WHERE a.request_id = f.request_id
                    AND a.kind = 'reopen' AND a.at >= f.referred_at),
         (SELECT a.resolved FROM feedback_answers a WHERE a.request_id = f.request_id AND a.kind = 'feedback'
             AND f.done_at IS NOT NULL AND a.at >= f.done_at ORDER BY a.at, a.id LIMIT 1)
    FROM new_rows n JOIN referrals f ON f.id = n.id JOIN requests r ON r.id = f.request_id
  ON CONFLICT (id) DO UPDATE SET request_id = EXCLUDED.request_id, unit_id = EXCLUDED.unit_id,
    neighbourhood_id = EXCLUDED.neighbourhood_id, referred_at = EXCLUDED.referred_at, deadline_at = EXCLUDED.deadline_at,
    done_at = EXCLUDED.done_at, ended_at = EXCLUDED.ended_at, outcome = EXCLUDED.outcome, reopened = EXCLUDED.reopened,
    feedback = EXCLUDED.feedback;
  RETURN NULL;
END $$;

-- 028's event trigger, returning at once when no special follow-up is among the rows (the
-- 'registered' and 'referred' events of every registration): nothing to lock or recompute.
CREATE OR REPLACE FUNCTION analytics_facts_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
  PERFORM 1 FROM requests r WHERE r.id = ANY (ids) ORDER BY r.id FOR NO KEY UPDATE;
  PERFORM analytics_facts_refresh(ids);
  RETURN NULL;
END $$;

-- Inserts leave the row triggers of 023 and 028 (which keep updates and deletes) for the one above.
DROP TRIGGER request_daily_counts_ins_del ON requests;
CREATE TRIGGER request_daily_counts_del AFTER DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_daily_counts_trigger();
DROP TRIGGER request_monthly_counts_ins_del ON requests;
CREATE TRIGGER request_monthly_counts_del AFTER DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_monthly_counts_trigger();
DROP TRIGGER analytics_facts_insert ON requests;
CREATE TRIGGER analytics_requests_insert AFTER INSERT ON requests REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_requests_inserted();
DROP TRIGGER analytics_facts_insert ON referrals;
CREATE TRIGGER analytics_facts_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_referrals_inserted();

-- Down Migration
DROP TRIGGER IF EXISTS analytics_facts_insert ON referrals;
CREATE TRIGGER analytics_facts_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_child_changed();
DROP TRIGGER IF EXISTS analytics_requests_insert ON requests;
CREATE TRIGGER analytics_facts_insert AFTER INSERT ON requests REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_request_changed();
DROP TRIGGER IF EXISTS request_monthly_counts_del ON requests;
CREATE TRIGGER request_monthly_counts_ins_del AFTER INSERT OR DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_monthly_counts_trigger();
DROP TRIGGER IF EXISTS request_daily_counts_del ON requests;
CREATE TRIGGER request_daily_counts_ins_del AFTER INSERT OR DELETE ON requests
  FOR EACH ROW EXECUTE FUNCTION request_daily_counts_trigger();
DROP FUNCTION IF EXISTS analytics_facts_referrals_inserted();
DROP FUNCTION IF EXISTS analytics_requests_inserted();
