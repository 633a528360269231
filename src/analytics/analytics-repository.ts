import type { QueryResultRow } from 'pg';
import { withTransaction, type Db } from '../db/index.ts';
import { countSource, fromRequests, monthSource, type CountSource } from './count-sources-repository.ts';

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

// Where the rows come from (requests, their facts, the day or month roll-up): count-sources-repository.ts.
export {
  countSource,
  fromRequests,
  REQUEST_SOURCE,
  ROLLUP_SOURCE,
  type CountSource,
} from './count-sources-repository.ts';

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

const LAYER: Record<GroupBy, 0 | 1 | 2> = {
  category: 0,
  district: 0,
  neighbourhood: 0,
  unit: 0,
  channel: 1,
  status: 2,
};

/**
 * Requests created per local day and dimension value (from the day roll-up unless `source` says).
 * 'months': f.from…f.to are whole Jalali months, counted per month from the month roll-up (each
 * row's day is its month's first), tens of times fewer rows over years.
 */
export async function dailyCounts(
  db: Db,
  groupBy: GroupBy,
  f: RequestFilter,
  source?: CountSource | 'months',
): Promise<DayCount[]> {
  const src =
    source === 'months'
      ? await countSource(db, f.timeZone, monthSource(LAYER[groupBy]))
      : (source ?? (await countSource(db, f.timeZone)));
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
 * "done"), and the citizens' latest feedback answer on whether it was resolved. One pass over the
 * request facts of migration 028 (one row per request, kept by triggers), where joining referrals
 * and answers at read time cost seconds over years; analytics-raw-repository.ts keeps the per-row
 * form as the test's reference.
 */
export async function resolutionTimes(db: Db, groupBy: GroupBy, f: RequestFilter): Promise<ResolutionRow[]> {
  const dim = RAW[groupBy];
  const names = dim.table ? `LEFT JOIN ${dim.table} x ON x.id = g.raw` : '';
  const label = (col: string) => (dim.table ? `x.${col}` : 'NULL::text');
  const { rows } = await read<ResolutionRow>(
    db,
    `WITH g AS (
       SELECT ${dim.raw} AS raw, count(*)::int AS requests, count(r.resolved_hours)::int AS closed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY r.resolved_hours) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY r.resolved_hours) AS p90,
              count(r.feedback)::int AS answered, count(*) FILTER (WHERE r.feedback)::int AS resolved,
              count(*) FILTER (WHERE r.status IN ('done', 'feedback-positive', 'feedback-negative', 'closed'))::int
                AS done_or_closed,
              count(*) FILTER (WHERE r.asked)::int AS asked
         ${fromRequests('', 'request_facts')}
        GROUP BY 1)
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
 * A referral fact's (alias f) standing at `now` (a parameter): on time, overdue now, and late by how
 * long (done late, or still open past the deadline). The unit figures read it from the facts and
 * from the histograms' windows alike (unit-histogram-repository.ts).
 */
export const referralState = (now: string) => `f.unit_id, f.request_id, f.outcome, f.reopened, f.feedback,
  (f.done_at IS NOT NULL AND f.done_at <= f.deadline_at) AS on_time,
  (f.ended_at IS NULL AND f.deadline_at < ${now}) AS overdue_now,
  CASE WHEN f.done_at IS NOT NULL AND f.done_at > f.deadline_at THEN f.done_at - f.deadline_at
       WHEN f.done_at IS NULL AND f.ended_at IS NULL AND f.deadline_at < ${now} THEN ${now} - f.deadline_at
  END AS late_by`;

/**
 * Per unit, the referrals it received in the range (local days): done on time, still open past the
 * deadline at `now`, late (done late or overdue now) and by how many days, returned as "not ours",
 * reopened (a special follow-up or a citizen's reopen after the referral), and the citizen's first
 * feedback answer after the unit reported it done. One pass over the referral facts of migration
 * 028, which hold the reopen and the first answer per referral (kept by triggers).
 */
export async function unitAccountability(db: Db, q: UnitQuery): Promise<UnitAccountabilityRow[]> {
  const { rows } = await read<UnitAccountabilityRow>(
    db,
    `WITH f AS (
       SELECT ${referralState('$4')}
         FROM referral_facts f
        WHERE f.referred_at >= ($2::date::timestamp AT TIME ZONE $1)
          AND f.referred_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
          AND ($5::int[] IS NULL OR f.neighbourhood_id = ANY ($5::int[]))),
     g AS (
       SELECT f.unit_id, count(*)::int AS received, count(*) FILTER (WHERE f.on_time)::int AS on_time,
              count(*) FILTER (WHERE f.overdue_now)::int AS overdue_now, count(f.late_by)::int AS late,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.late_by) / 86400) AS median_late,
              count(*) FILTER (WHERE f.outcome = 'returned')::int AS returned,
              count(DISTINCT f.request_id) FILTER (WHERE f.reopened)::int AS reopened,
              count(f.feedback)::int AS answered, count(*) FILTER (WHERE f.feedback)::int AS resolved
         FROM f GROUP BY f.unit_id)
     SELECT u.id AS "unitId", u.name_fa AS "unitFa", u.name_en AS "unitEn", d.id AS "districtId",
            d.name_fa AS "districtFa", d.name_en AS "districtEn", g.received, g.on_time AS "onTime",
            g.overdue_now AS "overdueNow", g.late, g.median_late AS "medianDaysOverdue", g.returned, g.reopened,
            g.answered AS "feedbackAnswered", g.resolved AS "feedbackResolved"
       FROM g JOIN units u ON u.id = g.unit_id LEFT JOIN districts d ON d.id = u.district_id`,
    [q.timeZone, q.from, q.to, q.now, q.neighbourhoodIds],
  );
  return rows;
}
