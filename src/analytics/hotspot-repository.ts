import type { Db } from '../db/index.ts';
import { filterParams, read, type RequestFilter } from './analytics-repository.ts';
import type { DayWindow } from './histogram-repository.ts';
import { hotspotSql, type HotspotRow } from './places-repository.ts';

// The hotspot keys and key months of migration 031 (150 m squares and addresses, numbered), for
// the server's in-memory counting (hotspot-index.ts), and the final read of the winners' requests.

export interface BuiltMonth {
  month: string;
  builtAt: string;
}

/** The built months in the zone (request facts, span 0), with when each was built. */
export async function builtHotspotMonths(db: Db, timeZone: string): Promise<BuiltMonth[]> {
  const { rows } = await db.query<BuiltMonth>(
    `SELECT to_char(month, 'YYYY-MM-DD') AS month, built_at::text AS "builtAt"
       FROM analytics_histogram_months WHERE kind = 0 AND span = 0 AND time_zone = $1`,
    [timeZone],
  );
  return rows;
}

/** One month's keys and counts, as two arrays in key order. */
export async function hotspotMonth(db: Db, month: string): Promise<{ keys: number[]; n: number[] }> {
  const { rows } = await db.query<{ keys: number[] | null; n: number[] | null }>(
    `SELECT array_agg(key_id ORDER BY key_id) AS keys, array_agg(n ORDER BY key_id) AS n
       FROM hotspot_key_months WHERE month = $1`,
    [month],
  );
  return { keys: rows[0]?.keys ?? [], n: rows[0]?.n ?? [] };
}

/** The categories of keys numbered after `afterId`. */
export async function hotspotKeyCategories(db: Db, afterId: number): Promise<{ id: number; category: number }[]> {
  const { rows } = await db.query<{ id: number; category: number }>(
    `SELECT id, category_id AS category FROM hotspot_keys WHERE id > $1 ORDER BY id`,
    [afterId],
  );
  return rows;
}

/** A category and its children (a filter on a top-level category takes its leaves). */
export async function categoryFamily(db: Db, categoryId: number): Promise<{ id: number }[]> {
  const { rows } = await db.query<{ id: number }>(`SELECT id FROM categories WHERE id = $1 OR parent_id = $1`, [
    categoryId,
  ]);
  return rows;
}

/** The fact windows' place groups: the largest group, and the groups of at least `atLeast`. */
export interface WindowGroups {
  largest: number;
  big: Array<{ categoryId: number; y: string; x: string; hood: number; place: string }>;
}

// A fact's key columns at 150 m, as analytics_hotspot_key() of migration 031 computes them (inline:
// a function call per row cost more than the rest of the read).
const KEY = `COALESCE(floor(r.lat / (150::float8 / 111320::float8))::bigint, -1) AS y,
  COALESCE(floor(r.lng * cos(radians(floor(r.lat))) / (150::float8 / 111320::float8))::bigint, -1) AS x,
  CASE WHEN r.lat IS NULL THEN COALESCE(r.neighbourhood_id, 0) ELSE 0 END AS hood, COALESCE(r.place, '') AS place`;

// The facts of the windows with a place ($1 zone, the windows' days in $A/$B, the category filter
// in $4 as everywhere), with their key columns.
const windowFacts = (a: string, b: string) => `SELECT r.id, r.category_id, ${KEY}
   FROM unnest(${a}::date[], ${b}::date[]) w (lo, hi)
   JOIN request_facts r ON r.created_at >= (w.lo::timestamp AT TIME ZONE $1)
                       AND r.created_at < (w.hi::timestamp AT TIME ZONE $1)
   JOIN categories c ON c.id = r.category_id
  WHERE (r.lat IS NOT NULL OR r.place IS NOT NULL) AND ($4::int IS NULL OR c.id = $4 OR c.parent_id = $4)`;

export async function windowGroups(
  db: Db,
  f: RequestFilter,
  windows: DayWindow[],
  atLeast: number,
): Promise<WindowGroups> {
  if (!windows.length) return { largest: 0, big: [] };
  const { rows } = await read<{ n: number; largest: number } & WindowGroups['big'][number]>(
    db,
    `WITH g AS (
       SELECT category_id, y, x, hood, place, count(*)::int AS n FROM (${windowFacts('$2', '$3')}) r
        GROUP BY 1, 2, 3, 4, 5)
     SELECT (SELECT max(n) FROM g) AS largest, g.category_id AS "categoryId", g.y::text, g.x::text, g.hood, g.place, g.n
       FROM (SELECT 1) one LEFT JOIN g ON g.n >= $5`,
    [f.timeZone, windows.map((w) => w.from), windows.map((w) => w.to), f.categoryId, atLeast],
  );
  return {
    largest: rows[0]?.largest ?? 0,
    big: rows
      .filter((r) => r.categoryId !== null)
      .map(({ categoryId, y, x, hood, place }) => ({ categoryId, y, x, hood, place })),
  };
}

/** Requests of the windows per key, for these keys. */
export async function windowKeyCounts(
  db: Db,
  f: RequestFilter,
  windows: DayWindow[],
  keyIds: number[],
): Promise<Array<{ keyId: number; n: number }>> {
  if (!windows.length || !keyIds.length) return [];
  const { rows } = await read<{ keyId: number; n: number }>(
    db,
    // Both sides made first (the planner, misjudging the windows, scanned every fact otherwise).
    `WITH r AS MATERIALIZED (${windowFacts('$2', '$3')}),
          k AS MATERIALIZED (SELECT k.* FROM unnest($5::int[]) i (id) JOIN hotspot_keys k ON k.id = i.id)
     SELECT k.id AS "keyId", count(*)::int AS n FROM r JOIN k USING (category_id, y, x, hood, place)
      GROUP BY k.id`,
    [f.timeZone, windows.map((w) => w.from), windows.map((w) => w.to), f.categoryId, keyIds],
  );
  return rows;
}

/**
 * The hotspots among the candidates, read as the reference reads them (places-repository.ts):
 * each candidate key's requests of the built months and of the windows, a candidate being a key
 * numbered in `keyIds` or a place group of the windows given by its columns in `big`.
 */
export async function candidateHotspots(
  db: Db,
  f: RequestFilter,
  q: { minCount: number; limit: number },
  c: { keyIds: number[]; months: string[]; windows: DayWindow[]; big: WindowGroups['big'] },
): Promise<HotspotRow[]> {
  const ids = `WITH big AS (
      SELECT * FROM unnest($14::int[], $15::bigint[], $16::bigint[], $17::int[], $18::text[]) b (category_id, y, x, hood, place)),
    cand AS (
      SELECT k.id, k.category_id, k.y, k.x, k.hood, k.place FROM unnest($13::int[]) i (id) JOIN hotspot_keys k ON k.id = i.id
      UNION
      SELECT k.id, k.category_id, k.y, k.x, k.hood, k.place FROM big JOIN hotspot_keys k USING (category_id, y, x, hood, place)),
    places AS (SELECT category_id, y, x, hood, place FROM cand UNION SELECT * FROM big),
    win AS MATERIALIZED (${windowFacts('$19', '$20')})
    SELECT unnest(km.ids) AS id FROM cand JOIN hotspot_key_months km ON km.key_id = cand.id AND km.month = ANY ($12::date[])
    UNION ALL
    SELECT r.id FROM win r JOIN places USING (category_id, y, x, hood, place)`;
  const { rows } = await read<HotspotRow>(db, hotspotSql(`(${ids})`), [
    ...filterParams(f),
    150 / 111_320,
    q.minCount,
    q.limit,
    c.months,
    c.keyIds,
    c.big.map((b) => b.categoryId),
    c.big.map((b) => b.y),
    c.big.map((b) => b.x),
    c.big.map((b) => b.hood),
    c.big.map((b) => b.place),
    c.windows.map((w) => w.from),
    c.windows.map((w) => w.to),
  ]);
  return rows;
}
