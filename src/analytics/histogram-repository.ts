import type { Db } from '../db/index.ts';
import { filterParams, read, type GroupBy, type RequestFilter } from './analytics-repository.ts';
import { FILTERS } from './count-sources-repository.ts';

// The histograms of migration 031 (resolution_months, referral_months) and the facts of the days
// around them. A range is split into its whole Jalali years and months whose histograms are built
// in the zone asked for and not marked changed since ("built"), and windows of days read from the
// facts (the edges, and months changed since their build): both in one statement, one snapshot.

export type HistogramKind = 0 | 1; // 0: request facts by creation, 1: referral facts by referral

/** Days [from, to) local to the zone, as 'YYYY-MM-DD' (to is the day after the last). */
export interface DayWindow {
  from: string;
  to: string;
}

/** A built histogram: a Jalali month (span 0) or year (1) from its first day to the next's. */
export interface Period {
  span: 0 | 1;
  from: string;
  to: string;
}

export interface RangeSplit {
  /** The built periods, to be read from the histograms (years where whole years are built). */
  periods: Period[];
  /** The rest of the range, to be read from the facts. */
  factWindows: DayWindow[];
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The range [from, to] (inclusive days) split into built periods (of these spans) and fact windows. */
export async function splitRange(
  db: Db,
  kind: HistogramKind,
  timeZone: string,
  from: string,
  to: string,
  spans: ReadonlyArray<0 | 1> = [0, 1],
): Promise<RangeSplit> {
  const end = nextDay(to);
  const { rows } = await db.query<{ span: 0 | 1; from: string; to: string }>(
    `SELECT h.span, to_char(h.month, 'YYYY-MM-DD') AS from, to_char(h.next_month, 'YYYY-MM-DD') AS to
       FROM analytics_histogram_months h
      WHERE h.kind = $1 AND h.time_zone = $2 AND h.month >= $3::date AND h.next_month <= $4::date
        AND h.span = ANY ($5::smallint[])
        AND NOT EXISTS (SELECT 1 FROM analytics_fact_changes c
                         WHERE c.kind = h.kind AND c.month >= h.month AND c.month < h.next_month)
      ORDER BY h.month, h.span DESC`,
    [kind, timeZone, from, end, spans],
  );
  const periods: Period[] = [];
  const factWindows: DayWindow[] = [];
  let at = from;
  // A year comes before its first month: the months inside a year taken are passed over.
  for (const p of rows) {
    if (p.from < at) continue;
    if (p.from > at) factWindows.push({ from: at, to: p.from });
    periods.push(p);
    at = p.to;
  }
  if (at < end) factWindows.push({ from: at, to: end });
  return { periods, factWindows };
}

/** The first days of the split's built months (span 0) or years (1). */
export const starts = (split: RangeSplit, span: 0 | 1) =>
  split.periods.filter((p) => p.span === span).map((p) => p.from);

/** Rebuilds up to maxMonths marked months; how many it built (0 while another node refreshes). */
export async function refreshHistograms(db: Db, maxMonths = 24): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT analytics_histograms_refresh($1) AS n`, [maxMonths]);
  return rows[0]?.n ?? 0;
}

export interface ResolutionBin {
  key: string;
  labelFa: string | null;
  labelEn: string | null;
  /** Resolution bucket; null: not resolved. */
  bucket: number | null;
  n: number;
  answered: number;
  resolved: number;
  doneOrClosed: number;
  asked: number;
}

/** Which histogram layer holds a grouping under these filters; null: none does (read the facts). */
export function resolutionLayer(groupBy: GroupBy, f: RequestFilter): 0 | 1 | 2 | 3 | null {
  const hood = f.neighbourhoodIds !== null || groupBy === 'neighbourhood';
  if (groupBy === 'channel') return hood ? null : 2;
  if (groupBy === 'status') return hood ? null : 3;
  return hood ? 1 : 0;
}

// The grouping's column in a histogram row (m) and in a fact row (r, with n its neighbourhood).
const HIST_KEY: Record<GroupBy, string> = {
  category: 'm.category_id',
  district: 'COALESCE(m.district_id, n.district_id)',
  neighbourhood: 'm.neighbourhood_id',
  unit: 'm.unit_id',
  channel: 'm.channel',
  status: 'm.status',
};
const FACT_KEY: Record<GroupBy, string> = {
  category: 'r.category_id',
  district: 'n.district_id',
  neighbourhood: 'r.neighbourhood_id',
  unit: 'r.unit_id',
  channel: 'r.channel',
  status: 'r.status',
};
const NAMES: Partial<Record<GroupBy, string>> = {
  category: 'categories',
  district: 'districts',
  neighbourhood: 'neighbourhoods',
  unit: 'units',
};
const DONE = `('done', 'feedback-positive', 'feedback-negative', 'closed')`;

/**
 * Requests per grouping value and resolution bucket over the range: the built months' histograms
 * of `layer` and the facts of the windows, with the same filters ($1…$8) on both.
 */
export async function resolutionBins(
  db: Db,
  groupBy: GroupBy,
  f: RequestFilter,
  layer: 0 | 1 | 2 | 3,
  split: RangeSplit,
): Promise<ResolutionBin[]> {
  const table = NAMES[groupBy];
  const label = (col: string) => (table ? `x.${col}` : 'NULL::text');
  const { rows } = await read<ResolutionBin>(
    db,
    `WITH h AS (
       SELECT ${HIST_KEY[groupBy]} AS raw, m.bucket, m.n, m.answered, m.resolved, m.done_or_closed, m.asked
         FROM resolution_months m JOIN categories c ON c.id = m.category_id
         LEFT JOIN neighbourhoods n ON n.id = m.neighbourhood_id
        WHERE m.layer = ${layer} AND ((m.span = 0 AND m.month = ANY ($9::date[])) OR (m.span = 1 AND m.month = ANY ($10::date[])))
          AND ($4::int IS NULL OR c.id = $4 OR c.parent_id = $4)
          AND ($5::int IS NULL OR COALESCE(m.district_id, n.district_id) = $5)
          AND ($6::int IS NULL OR m.unit_id = $6)
          AND ($7::boolean IS NULL OR m.hazard = $7)
          AND ($8::int[] IS NULL OR m.neighbourhood_id = ANY ($8::int[]))
       UNION ALL
       SELECT ${FACT_KEY[groupBy]}, analytics_bucket(r.resolved_hours), 1, (r.feedback IS NOT NULL)::int,
              (r.feedback IS TRUE)::int, (r.status IN ${DONE})::int, (r.asked IS TRUE)::int
         FROM unnest($11::date[], $12::date[]) w (lo, hi)
         JOIN request_facts r ON r.created_at >= (w.lo::timestamp AT TIME ZONE $1)
                             AND r.created_at < (w.hi::timestamp AT TIME ZONE $1)
         JOIN categories c ON c.id = r.category_id
         LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
        WHERE $2::date IS NOT NULL AND $3::date IS NOT NULL ${FILTERS}),
     g AS (
       SELECT raw, bucket, sum(n)::int AS n, sum(answered)::int AS answered, sum(resolved)::int AS resolved,
              sum(done_or_closed)::int AS done_or_closed, sum(asked)::int AS asked
         FROM h GROUP BY 1, 2)
     SELECT COALESCE(g.raw::text, 'none') AS key, ${label('name_fa')} AS "labelFa", ${label('name_en')} AS "labelEn",
            g.bucket, g.n, g.answered, g.resolved, g.done_or_closed AS "doneOrClosed", g.asked
       FROM g ${table ? `LEFT JOIN ${table} x ON x.id = g.raw` : ''}`,
    [
      ...filterParams(f),
      starts(split, 0),
      starts(split, 1),
      split.factWindows.map((w) => w.from),
      split.factWindows.map((w) => w.to),
    ],
  );
  return rows;
}
