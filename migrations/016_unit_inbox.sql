-- Up Migration
-- A unit's "done" and "returned" tabs: its ended referrals newest first, one short index scan per
-- page however many years of history the unit has (referrals_unit_idx is by referral time).
CREATE INDEX IF NOT EXISTS referrals_unit_ended_idx ON referrals (unit_id, ended_at DESC, id DESC)
  WHERE ended_at IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS referrals_unit_ended_idx;
