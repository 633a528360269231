-- Up Migration
-- A referral's update refreshed its request's facts (028) whatever it changed. Escalation writes
-- the referral's escalation level at each step, so a backlog of overdue referrals (a restart with
-- thousands of them, each raised up its unit's chain) recomputed thousands of requests' facts for
-- nothing. Only the columns the facts are made of count now: the request, unit, times and outcome.
CREATE FUNCTION analytics_facts_referrals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  ids := ARRAY(
    SELECT x.request_id
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     CROSS JOIN LATERAL (VALUES (n.request_id), (o.request_id)) x (request_id)
     WHERE (n.request_id, n.unit_id, n.referred_at, n.deadline_at, n.done_at, n.ended_at, n.outcome)
           IS DISTINCT FROM (o.request_id, o.unit_id, o.referred_at, o.deadline_at, o.done_at, o.ended_at, o.outcome)
     GROUP BY x.request_id);
  IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
  -- As 028's child trigger: the requests locked in id order, then their facts recomputed.
  PERFORM 1 FROM requests r WHERE r.id = ANY (ids) ORDER BY r.id FOR NO KEY UPDATE;
  PERFORM analytics_facts_refresh(ids);
  RETURN NULL;
END $$;

DROP TRIGGER analytics_facts_update ON referrals;
CREATE TRIGGER analytics_facts_update AFTER UPDATE ON referrals
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_referrals_updated();

-- Down Migration
DROP TRIGGER IF EXISTS analytics_facts_update ON referrals;
CREATE TRIGGER analytics_facts_update AFTER UPDATE ON referrals
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_facts_child_changed();
DROP FUNCTION IF EXISTS analytics_facts_referrals_updated();
