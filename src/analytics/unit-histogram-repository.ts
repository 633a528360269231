import type { Db } from '../db/index.ts';
import { read, referralState, type UnitAccountabilityRow, type UnitQuery } from './analytics-repository.ts';
import { starts, type RangeSplit } from './histogram-repository.ts';

// The unit accountability figures from the referral month histograms (migration 031): the built
// months' counts and their done-late buckets, the open referrals of those months read afresh (their
// lateness grows with the clock), and every referral of the other windows from the facts.

/** A unit's figures over one bucket of lateness (null: the counts of referrals not late). */
export type UnitBin = Omit<UnitAccountabilityRow, 'medianDaysOverdue'> & { bucket: number | null };

const AT = (day: string) => `(${day}::timestamp AT TIME ZONE $1)`;

/**
 * Per unit and bucket of lateness. $1 zone, $2 now, $3 neighbourhoods (null: all), $4 the built
 * months, $5/$6 every built period's first and next days, $7/$8 the fact windows, $9 the built
 * years. Layer 1 of the histograms holds the neighbourhoods, for a council's figures; layer 0 the
 * whole city's, sixteen times fewer rows.
 */
export async function unitBins(db: Db, q: UnitQuery, split: RangeSplit): Promise<UnitBin[]> {
  const layer = q.neighbourhoodIds === null ? 0 : 1;
  const { rows } = await read<UnitBin>(
    db,
    `WITH w AS (SELECT * FROM unnest($7::date[], $8::date[]) w (lo, hi)),
     f AS MATERIALIZED (
       SELECT ${referralState('$2')}
         FROM w JOIN referral_facts f ON f.referred_at >= ${AT('w.lo')} AND f.referred_at < ${AT('w.hi')}
        WHERE ($3::int[] IS NULL OR f.neighbourhood_id = ANY ($3::int[]))),
     parts AS (
       SELECT m.unit_id, m.bucket, m.n AS received, m.on_time, 0 AS overdue_now,
              CASE WHEN m.bucket IS NOT NULL THEN m.n ELSE 0 END AS late, m.returned, m.reopened, m.answered, m.resolved
         FROM referral_months m
        WHERE m.layer = ${layer} AND ((m.span = 0 AND m.month = ANY ($4::date[])) OR (m.span = 1 AND m.month = ANY ($9::date[])))
          AND ($3::int[] IS NULL OR m.neighbourhood_id = ANY ($3::int[]))
       UNION ALL
       -- Open past the deadline: overdue now; late by now − deadline unless done (then the month counted it).
       SELECT o.unit_id, CASE WHEN o.done_at IS NULL THEN analytics_bucket(extract(epoch FROM $2 - o.deadline_at) / 3600) END,
              0, 0, 1, (o.done_at IS NULL)::int, 0, 0, 0, 0
         FROM unnest($5::date[], $6::date[]) mw (lo, hi)
         JOIN referral_facts o ON o.ended_at IS NULL AND o.referred_at >= ${AT('mw.lo')} AND o.referred_at < ${AT('mw.hi')}
        WHERE o.deadline_at < $2 AND ($3::int[] IS NULL OR o.neighbourhood_id = ANY ($3::int[]))
       UNION ALL
       SELECT f.unit_id, analytics_bucket(extract(epoch FROM f.late_by) / 3600), count(*), count(*) FILTER (WHERE f.on_time),
              count(*) FILTER (WHERE f.overdue_now), count(f.late_by), count(*) FILTER (WHERE f.outcome = 'returned'), 0,
              count(f.feedback), count(*) FILTER (WHERE f.feedback)
         FROM f GROUP BY 1, 2
       UNION ALL
       -- Requests reopened, once each per unit over the windows (a count of distinct requests).
       SELECT f.unit_id, NULL, 0, 0, 0, 0, 0, count(DISTINCT f.request_id) FILTER (WHERE f.reopened), 0, 0
         FROM f GROUP BY 1),
     g AS (
       SELECT unit_id, bucket, sum(received)::int AS received, sum(on_time)::int AS on_time,
              sum(overdue_now)::int AS overdue_now, sum(late)::int AS late, sum(returned)::int AS returned,
              sum(reopened)::int AS reopened, sum(answered)::int AS answered, sum(resolved)::int AS resolved
         FROM parts GROUP BY 1, 2)
     SELECT u.id AS "unitId", u.name_fa AS "unitFa", u.name_en AS "unitEn", d.id AS "districtId",
            d.name_fa AS "districtFa", d.name_en AS "districtEn", g.bucket, g.received, g.on_time AS "onTime",
            g.overdue_now AS "overdueNow", g.late, g.returned, g.reopened, g.answered AS "feedbackAnswered",
            g.resolved AS "feedbackResolved"
       FROM g JOIN units u ON u.id = g.unit_id LEFT JOIN districts d ON d.id = u.district_id`,
    [
      q.timeZone,
      q.now,
      q.neighbourhoodIds,
      starts(split, 0),
      split.periods.map((p) => p.from),
      split.periods.map((p) => p.to),
      split.factWindows.map((w) => w.from),
      split.factWindows.map((w) => w.to),
      starts(split, 1),
    ],
  );
  return rows;
}
