import type { QueryResultRow } from 'pg';
import { withTransaction, type Db } from '../db/index.ts';

// Reads only: requests, referrals and feedback answers, aggregated in SQL by the creation day in
// the centre's zone and one dimension. Jalali bucketing happens in TypeScript on these day rows.

export const GROUP_BYS = ['category', 'district', 'neighbourhood', 'unit', 'channel', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

// Constant SQL per dimension (never user text): the key and its Persian and English labels.
const DIMENSIONS: Record<GroupBy, { key: string; fa: string; en: string }> = {
  category: { key: 'c.id::text', fa: 'c.name_fa', en: 'c.name_en' },
  district: { key: `COALESCE(d.id::text, 'none')`, fa: 'd.name_fa', en: 'd.name_en' },
  neighbourhood: { key: `COALESCE(n.id::text, 'none')`, fa: 'n.name_fa', en: 'n.name_en' },
  unit: { key: `COALESCE(u.id::text, 'none')`, fa: 'u.name_fa', en: 'u.name_en' },
  channel: { key: 'r.channel', fa: 'NULL::text', en: 'NULL::text' },
  status: { key: 'r.status', fa: 'NULL::text', en: 'NULL::text' },
};

export interface RequestFilter {
  timeZone: string;
  /** Gregorian days, inclusive, in the zone. */
  from: string;
  to: string;
  categoryId: number | null;
  districtId: number | null;
  unitId: number | null;
  hazard: boolean | null;
  /** The neighbourhoods the figures are about; null = the whole city (a council member's are forced). */
  neighbourhoodIds: number[] | null;
}

/** The filtered requests with their category, place and unit; `extra` joins more (constant SQL). */
export const fromRequests = (extra = '') => `FROM requests r
  JOIN categories c ON c.id = r.category_id
  LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
  LEFT JOIN districts d ON d.id = n.district_id
  LEFT JOIN units u ON u.id = r.unit_id ${extra}
 WHERE r.created_at >= ($2::date::timestamp AT TIME ZONE $1)
   AND r.created_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
   AND ($4::int IS NULL OR c.id = $4 OR c.parent_id = $4)
   AND ($5::int IS NULL OR n.district_id = $5)
   AND ($6::int IS NULL OR r.unit_id = $6)
   AND ($7::boolean IS NULL OR r.hazard = $7)
   AND ($8::int[] IS NULL OR r.neighbourhood_id = ANY ($8::int[]))`;
const FROM_REQUESTS = fromRequests();

/** $1…$8 of fromRequests(); a query's own parameters follow from $9. */
export const filterParams = (f: RequestFilter): unknown[] => [
  f.timeZone,
  f.from,
  f.to,
  f.categoryId,
  f.districtId,
  f.unitId,
  f.hazard,
  f.neighbourhoodIds,
];
const params = filterParams;

/**
 * Every analytics read runs with JIT compilation off. These queries' cost estimates are large
 * (a subquery per row), so PostgreSQL JIT-compiles them: two seconds of compiling for a month's
 * figures that take 0.3 s to compute (measured on the bench database). Read-only, one statement.
 */
export function read<T extends QueryResultRow>(db: Db, sql: string, values: unknown[]): Promise<{ rows: T[] }> {
  return withTransaction(db, async (c) => {
    await c.query('SET TRANSACTION READ ONLY');
    await c.query('SET LOCAL jit = off');
    return c.query<T>(sql, values);
  });
}

export interface DayCount {
  day: string;
  key: string;
  labelFa: string | null;
  labelEn: string | null;
  count: number;
}

// The same dimensions as plain columns, named after the count (grouping by a date and an id hashes;
// grouping by formatted text and labels made PostgreSQL sort every row on disk).
const RAW: Record<GroupBy, { raw: string; table: string | null }> = {
  category: { raw: 'r.category_id', table: 'categories' },
  district: { raw: 'n.district_id', table: 'districts' },
  neighbourhood: { raw: 'r.neighbourhood_id', table: 'neighbourhoods' },
  unit: { raw: 'r.unit_id', table: 'units' },
  channel: { raw: 'r.channel', table: null },
  status: { raw: 'r.status', table: null },
};

/** Requests created per local day and dimension value. */
export async function dailyCounts(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<DayCount[]> {
  const dim = RAW[groupBy];
  const names = dim.table ? `LEFT JOIN ${dim.table} x ON x.id = k.raw` : '';
  const label = (col: string) => (dim.table ? `x.${col}` : 'NULL::text');
  const { rows } = await read<DayCount>(
    db,
    `WITH k AS (
       SELECT (r.created_at AT TIME ZONE $1)::date AS day, ${dim.raw} AS raw, count(*)::int AS count
         ${FROM_REQUESTS}
        GROUP BY 1, 2)
     SELECT to_char(k.day, 'YYYY-MM-DD') AS day, COALESCE(k.raw::text, 'none') AS key,
            ${label('name_fa')} AS "labelFa", ${label('name_en')} AS "labelEn", k.count
       FROM k ${names}`,
    params(f),
  );
  return rows;
}

export interface ResolutionRow {
  key: string;
  labelFa: string | null;
  labelEn: string | null;
  requests: number;
  closed: number;
  medianHours: number | null;
  p90Hours: number | null;
  feedbackAnswered: number;
  feedbackResolved: number;
  doneOrClosed: number;
  feedbackAsked: number;
}

/**
 * Per dimension value: how long from creation to resolution (closed, or else the unit's last
 * "done"), and the citizens' latest feedback answer on whether it was resolved.
 */
export async function resolutionTimes(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<ResolutionRow[]> {
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

export interface UnitAccountabilityRow {
  unitId: number;
  unitFa: string;
  unitEn: string;
  districtId: number | null;
  districtFa: string | null;
  districtEn: string | null;
  received: number;
  onTime: number;
  overdueNow: number;
  late: number;
  medianDaysOverdue: number | null;
  returned: number;
  reopened: number;
  feedbackAnswered: number;
  feedbackResolved: number;
}

export interface UnitQuery {
  timeZone: string;
  from: string;
  to: string;
  now: Date;
  /** Only referrals of requests in these neighbourhoods; null = all. */
  neighbourhoodIds: number[] | null;
}

/**
 * Per unit, the referrals it received in the range (local days): done on time, still open past the
 * deadline at `now`, late (done late or overdue now) and by how many days, returned as "not ours",
 * reopened (a special follow-up or a citizen's reopen after the referral), and the citizen's first
 * feedback answer after the unit reported it done.
 */
export async function unitAccountability(db: Db, q: UnitQuery): Promise<UnitAccountabilityRow[]> {
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
