import type { QueryResultRow } from 'pg';
import { withTransaction, type Db } from '../db/index.ts';

// Reads only: requests, referrals and feedback answers, aggregated in SQL by the creation day in
// the centre's zone and one dimension. Jalali bucketing happens in TypeScript on these day rows.

export const GROUP_BYS = ['category', 'district', 'neighbourhood', 'unit', 'channel', 'status'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

// Constant SQL per dimension (never user text): the key and its Persian and English labels.
export const DIMENSIONS: Record<GroupBy, { key: string; fa: string; en: string }> = {
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
export const fromRequests = (extra = '') => `FROM requests r ${JOINS} ${extra}
 WHERE r.created_at >= ($2::date::timestamp AT TIME ZONE $1)
   AND r.created_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
   ${FILTERS}`;
const JOINS = `JOIN categories c ON c.id = r.category_id
  LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
  LEFT JOIN districts d ON d.id = n.district_id
  LEFT JOIN units u ON u.id = r.unit_id`;
const FILTERS = `AND ($4::int IS NULL OR c.id = $4 OR c.parent_id = $4)
   AND ($5::int IS NULL OR n.district_id = $5)
   AND ($6::int IS NULL OR r.unit_id = $6)
   AND ($7::boolean IS NULL OR r.hazard = $7)
   AND ($8::int[] IS NULL OR r.neighbourhood_id = ANY ($8::int[]))`;
const FROM_REQUESTS = fromRequests();

/**
 * Where request counts come from: the requests themselves, or the day roll-up of migration 023
 * (request_daily_counts, aliased r, with the same key columns), whose day is already local.
 */
export interface CountSource {
  from: (extra?: string) => string;
  day: string;
  n: string;
}
export const REQUEST_SOURCE: CountSource = {
  from: fromRequests,
  day: '(r.created_at AT TIME ZONE $1)::date',
  n: 'count(*)',
};
export const ROLLUP_SOURCE: CountSource = {
  // $1 is the roll-up's own zone here (countSource checked it); named so that its type is known.
  from: (extra = '') => `FROM request_daily_counts r ${JOINS} ${extra}
   WHERE $1::text IS NOT NULL AND r.day >= $2::date AND r.day <= $3::date
   ${FILTERS}`,
  day: 'r.day',
  n: 'sum(r.n)',
};

/** The roll-up while its days are in the zone asked for, else the requests (exact either way). */
export async function countSource(db: Db, timeZone: string): Promise<CountSource> {
  const { rows } = await db.query<{ z: string }>(`SELECT time_zone AS z FROM analytics_settings`);
  return rows[0]?.z === timeZone ? ROLLUP_SOURCE : REQUEST_SOURCE;
}

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
    // Room to sort and hash a year's rows in memory: at 4 MB the units figures sorted 140 MB on disk.
    await c.query(`SET LOCAL work_mem = '64MB'`);
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

/** Requests created per local day and dimension value (from the roll-up unless `source` says). */
export async function dailyCounts(
  db: Db,
  groupBy: GroupBy,
  f: RequestFilter,
  source?: CountSource,
): Promise<DayCount[]> {
  const src = source ?? (await countSource(db, f.timeZone));
  const dim = RAW[groupBy];
  const names = dim.table ? `LEFT JOIN ${dim.table} x ON x.id = k.raw` : '';
  const label = (col: string) => (dim.table ? `x.${col}` : 'NULL::text');
  const { rows } = await read<DayCount>(
    db,
    `WITH k AS (
       SELECT ${src.day} AS day, ${dim.raw} AS raw, ${src.n}::int AS count
         ${src.from()}
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
 * "done"), and the citizens' latest feedback answer on whether it was resolved. One grouped pass
 * per table over the filtered requests (hash joins), where a subquery per request made five years
 * cost millions of index probes; analytics-raw-repository.ts keeps that form as the test's reference.
 */
export async function resolutionTimes(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<ResolutionRow[]> {
  const dim = RAW[groupBy];
  const names = dim.table ? `LEFT JOIN ${dim.table} x ON x.id = g.raw` : '';
  const label = (col: string) => (dim.table ? `x.${col}` : 'NULL::text');
  const { rows } = await read<ResolutionRow>(
    db,
    `WITH r AS MATERIALIZED (
       SELECT r.id, ${dim.raw} AS raw, r.created_at, r.closed_at,
              r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed') AS done_or_closed
         ${FROM_REQUESTS}),
     done AS (
       SELECT x.request_id, max(x.done_at) AS done_at
         FROM referrals x JOIN r ON r.id = x.request_id AND r.closed_at IS NULL GROUP BY 1),
     -- One pass over the answers: the latest feedback answer, and whether a feedback or closure one exists.
     fa AS (
       SELECT a.request_id,
              (array_agg(a.resolved ORDER BY a.at DESC, a.id DESC) FILTER (WHERE a.kind = 'feedback'))[1] AS resolved,
              bool_or(a.kind IN ('feedback', 'closure')) AS answered
         FROM feedback_answers a JOIN r ON r.id = a.request_id GROUP BY 1),
     -- Asked: the citizen answered a feedback or closure call or SMS, or an operator's task to ask was done.
     asked AS (
       SELECT fa.request_id AS id FROM fa WHERE fa.answered
       UNION SELECT r.id FROM r WHERE r.done_or_closed AND EXISTS (
         SELECT 1 FROM feedback_calls fc WHERE fc.request_id = r.id AND fc.state = 'answered')
       UNION SELECT r.id FROM r WHERE r.done_or_closed AND EXISTS (
         SELECT 1 FROM feedback_tasks t WHERE t.request_id = r.id AND t.done_at IS NOT NULL)),
     g AS (
       SELECT r.raw, count(*)::int AS requests,
              count(COALESCE(r.closed_at, done.done_at))::int AS closed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM COALESCE(r.closed_at, done.done_at) - r.created_at) / 3600)
                AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM COALESCE(r.closed_at, done.done_at) - r.created_at) / 3600)
                AS p90,
              count(fa.resolved)::int AS answered, count(*) FILTER (WHERE fa.resolved)::int AS resolved,
              count(*) FILTER (WHERE r.done_or_closed)::int AS done_or_closed,
              count(*) FILTER (WHERE r.done_or_closed AND asked.id IS NOT NULL)::int AS asked
         FROM r LEFT JOIN done ON done.request_id = r.id LEFT JOIN fa ON fa.request_id = r.id
         LEFT JOIN asked ON asked.id = r.id
        GROUP BY r.raw)
     SELECT COALESCE(g.raw::text, 'none') AS key, ${label('name_fa')} AS "labelFa", ${label('name_en')} AS "labelEn",
            g.requests, g.closed, g.median AS "medianHours", g.p90 AS "p90Hours", g.answered AS "feedbackAnswered",
            g.resolved AS "feedbackResolved", g.done_or_closed AS "doneOrClosed", g.asked AS "feedbackAsked"
       FROM g ${names}`,
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
 * feedback answer after the unit reported it done. "After the referral" is the request's latest
 * such event compared once with each referral, grouped per table instead of probed per referral.
 */
export async function unitAccountability(db: Db, q: UnitQuery): Promise<UnitAccountabilityRow[]> {
  const { rows } = await read<UnitAccountabilityRow>(
    db,
    `WITH f AS MATERIALIZED (
       SELECT f.id, f.request_id, f.unit_id, f.referred_at, f.done_at, f.outcome,
              (f.done_at IS NOT NULL AND f.done_at <= f.deadline_at) AS on_time,
              (f.ended_at IS NULL AND f.deadline_at < $4) AS overdue_now,
              CASE WHEN f.done_at IS NOT NULL AND f.done_at > f.deadline_at THEN f.done_at - f.deadline_at
                   WHEN f.done_at IS NULL AND f.ended_at IS NULL AND f.deadline_at < $4 THEN $4 - f.deadline_at
              END AS late_by
         FROM referrals f
        WHERE f.referred_at >= ($2::date::timestamp AT TIME ZONE $1)
          AND f.referred_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
          AND ($5::int[] IS NULL OR EXISTS (SELECT 1 FROM requests r WHERE r.id = f.request_id
                                              AND r.neighbourhood_id = ANY ($5::int[])))),
     ids AS (SELECT DISTINCT request_id FROM f),
     again AS (
       SELECT s.request_id, max(s.at) AS at FROM (
         SELECT e.request_id, e.at FROM request_events e WHERE e.kind = 'special-follow-up'
         UNION ALL SELECT a.request_id, a.at FROM feedback_answers a WHERE a.kind = 'reopen') s
        JOIN ids ON ids.request_id = s.request_id GROUP BY 1),
     fb AS (
       SELECT DISTINCT ON (f.id) f.id, a.resolved
         FROM f JOIN feedback_answers a ON a.request_id = f.request_id AND a.kind = 'feedback' AND a.at >= f.done_at
        ORDER BY f.id, a.at, a.id),
     g AS (
       SELECT f.unit_id, count(*)::int AS received, count(*) FILTER (WHERE f.on_time)::int AS on_time,
              count(*) FILTER (WHERE f.overdue_now)::int AS overdue_now, count(f.late_by)::int AS late,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.late_by) / 86400) AS median_late,
              count(*) FILTER (WHERE f.outcome = 'returned')::int AS returned,
              count(DISTINCT f.request_id) FILTER (WHERE again.at >= f.referred_at)::int AS reopened,
              count(fb.resolved)::int AS answered, count(*) FILTER (WHERE fb.resolved)::int AS resolved
         FROM f LEFT JOIN again ON again.request_id = f.request_id LEFT JOIN fb ON fb.id = f.id
        GROUP BY f.unit_id)
     SELECT u.id AS "unitId", u.name_fa AS "unitFa", u.name_en AS "unitEn", d.id AS "districtId",
            d.name_fa AS "districtFa", d.name_en AS "districtEn", g.received, g.on_time AS "onTime",
            g.overdue_now AS "overdueNow", g.late, g.median_late AS "medianDaysOverdue", g.returned, g.reopened,
            g.answered AS "feedbackAnswered", g.resolved AS "feedbackResolved"
       FROM g JOIN units u ON u.id = g.unit_id LEFT JOIN districts d ON d.id = u.district_id`,
    [q.timeZone, q.from, q.to, q.now, q.neighbourhoodIds],
  );
  return rows;
}
