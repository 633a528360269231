import type { Db } from '../db/index.ts';
import { M_PER_DEGREE, type HotspotRow } from './places-repository.ts';
import {
  DIMENSIONS,
  fromRequests,
  filterParams,
  read,
  type GroupBy,
  type RequestFilter,
  type ResolutionRow,
  type UnitAccountabilityRow,
  type UnitQuery,
} from './analytics-repository.ts';

// The reference: resolution and unit figures as first written, a subquery per request or referral.
// Slow (seconds on a year), but plainly right; only tests/integration/analytics/rollup.test.ts calls
// these, to hold the grouped rewrites in analytics-repository.ts to exactly the same answers.

const FROM_REQUESTS = fromRequests();
const params = filterParams;

/**
 * Per dimension value: how long from creation to resolution (closed, or else the unit's last
 * "done"), and the citizens' latest feedback answer on whether it was resolved.
 */
export async function rawResolutionTimes(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<ResolutionRow[]> {
  const dim = DIMENSIONS[groupBy];
  const { rows } = await read<ResolutionRow>(
    db,
    `WITH base AS (
       SELECT ${dim.key} AS key, ${dim.fa} AS label_fa, ${dim.en} AS label_en, r.created_at,
              COALESCE(r.closed_at, (SELECT max(x.done_at) FROM referrals x WHERE x.request_id = r.id)) AS resolved_at,
              (SELECT a.resolved FROM feedback_answers a WHERE a.request_id = r.id AND a.kind = 'feedback'
                ORDER BY a.at DESC, a.id DESC LIMIT 1) AS feedback,
              r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') AS done_or_closed,
              -- Asked: the citizen answered a feedback or closure call or SMS, or an operator's task to ask was done.
              CASE WHEN r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') THEN
                EXISTS (SELECT 1 FROM feedback_answers a WHERE a.request_id = r.id AND a.kind IN ('feedback', 'closure'))
                OR EXISTS (SELECT 1 FROM feedback_calls fc WHERE fc.request_id = r.id AND fc.state = 'answered')
                OR EXISTS (SELECT 1 FROM feedback_tasks t WHERE t.request_id = r.id AND t.done_at IS NOT NULL)
              END AS asked
         ${FROM_REQUESTS})
     SELECT key, label_fa AS "labelFa", label_en AS "labelEn", count(*)::int AS requests,
            count(resolved_at)::int AS closed,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600)
              AS "medianHours",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600)
              AS "p90Hours",
            count(feedback)::int AS "feedbackAnswered", count(*) FILTER (WHERE feedback)::int AS "feedbackResolved",
            count(*) FILTER (WHERE done_or_closed)::int AS "doneOrClosed",
            count(*) FILTER (WHERE asked)::int AS "feedbackAsked"
       FROM base GROUP BY 1, 2, 3`,
    params(f),
  );
  return rows;
}

/**
 * Per unit, the referrals it received in the range (local days): done on time, still open past the
 * deadline at `now`, late (done late or overdue now) and by how many days, returned as "not ours",
 * reopened (a special follow-up or a citizen's reopen after the referral), and the citizen's first
 * feedback answer after the unit reported it done.
 */
export async function rawUnitAccountability(db: Db, q: UnitQuery): Promise<UnitAccountabilityRow[]> {
  const { rows } = await read<UnitAccountabilityRow>(
    db,
    `WITH f AS (
       SELECT f.*, (f.done_at IS NOT NULL AND f.done_at <= f.deadline_at) AS on_time,
              (f.ended_at IS NULL AND f.deadline_at < $4) AS overdue_now,
              CASE WHEN f.done_at IS NOT NULL AND f.done_at > f.deadline_at THEN f.done_at - f.deadline_at
                   WHEN f.done_at IS NULL AND f.ended_at IS NULL AND f.deadline_at < $4 THEN $4 - f.deadline_at
              END AS late_by,
              (EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = f.request_id
                          AND e.kind = 'special-follow-up' AND e.at >= f.referred_at)
               OR EXISTS (SELECT 1 FROM feedback_answers a WHERE a.request_id = f.request_id
                          AND a.kind = 'reopen' AND a.at >= f.referred_at)) AS reopened,
              (SELECT a.resolved FROM feedback_answers a WHERE a.request_id = f.request_id AND a.kind = 'feedback'
                  AND f.done_at IS NOT NULL AND a.at >= f.done_at ORDER BY a.at, a.id LIMIT 1) AS feedback
         FROM referrals f
        WHERE f.referred_at >= ($2::date::timestamp AT TIME ZONE $1)
          AND f.referred_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
          AND ($5::int[] IS NULL OR EXISTS (SELECT 1 FROM requests r WHERE r.id = f.request_id
                                              AND r.neighbourhood_id = ANY ($5::int[]))))
     SELECT u.id AS "unitId", u.name_fa AS "unitFa", u.name_en AS "unitEn", d.id AS "districtId",
            d.name_fa AS "districtFa", d.name_en AS "districtEn", count(*)::int AS received,
            count(*) FILTER (WHERE f.on_time)::int AS "onTime",
            count(*) FILTER (WHERE f.overdue_now)::int AS "overdueNow",
            count(f.late_by)::int AS late,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.late_by) / 86400) AS "medianDaysOverdue",
            count(*) FILTER (WHERE f.outcome = 'returned')::int AS returned,
            count(DISTINCT f.request_id) FILTER (WHERE f.reopened)::int AS reopened,
            count(f.feedback)::int AS "feedbackAnswered", count(*) FILTER (WHERE f.feedback)::int AS "feedbackResolved"
       FROM f JOIN units u ON u.id = f.unit_id LEFT JOIN districts d ON d.id = u.district_id
      GROUP BY u.id, d.id`,
    [q.timeZone, q.from, q.to, q.now, q.neighbourhoodIds],
  );
  return rows;
}

/**
 * Places that keep coming back: requests of the same (leaf) category bucketed into a grid of
 * radiusM-sized squares on lat/lng (the longitude step widened by 1/cos of the whole-degree
 * latitude, so squares stay square within a city). A grid is one GROUP BY over the filtered rows,
 * where pairwise distances would be a self-join of millions; its price: two requests in one square
 * can be up to radiusM·√2 apart, and two a metre apart across a square's edge fall in different
 * squares. Requests without a point are bucketed by neighbourhood and address (letters folded:
 * ي→ی, ك→ک; spaces squeezed), when they have an address. Only buckets of at least minCount.
 * No description is read: a citizen may have written a phone number into it. The reference for
 * places-repository.ts's hotspots, which read the request facts.
 */
export async function rawHotspots(
  db: Db,
  f: RequestFilter,
  q: { radiusM: number; minCount: number; limit: number },
): Promise<HotspotRow[]> {
  const step = q.radiusM / M_PER_DEGREE;
  const { rows } = await read<HotspotRow>(
    db,
    `WITH b AS (
       SELECT r.id, r.category_id, r.created_at, r.neighbourhood_id, r.lat, r.lng, r.address,
              CASE WHEN r.lat IS NOT NULL
                   THEN 'p:' || floor(r.lat / $9)::bigint || ':' || floor(r.lng * cos(radians(floor(r.lat))) / $9)::bigint
                   ELSE 'a:' || COALESCE(r.neighbourhood_id::text, '-') || ':' ||
                        lower(regexp_replace(btrim(translate(r.address, 'يك', 'یک')), '\\s+', ' ', 'g'))
              END AS bucket
         ${fromRequests()}
          AND (r.lat IS NOT NULL OR btrim(COALESCE(r.address, '')) <> ''))
     SELECT b.category_id AS "categoryId", c.name_fa AS "labelFa", c.name_en AS "labelEn",
            avg(b.lat) AS lat, avg(b.lng) AS lng,
            CASE WHEN bool_and(b.lat IS NULL) THEN min(b.address) END AS address,
            mode() WITHIN GROUP (ORDER BY b.neighbourhood_id) AS "neighbourhoodId",
            count(*)::int AS count, min(b.created_at) AS first, max(b.created_at) AS last,
            (array_agg(b.id::text ORDER BY b.created_at DESC, b.id DESC))[1:20] AS "requestIds"
       FROM b JOIN categories c ON c.id = b.category_id
      GROUP BY b.category_id, c.id, b.bucket
     HAVING count(*) >= $10
      ORDER BY count(*) DESC, max(b.created_at) DESC, b.category_id
      LIMIT $11`,
    [...filterParams(f), step, q.minCount, q.limit],
  );
  return rows;
}
