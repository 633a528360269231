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

/** Requests per key in the fact windows (key null: a place no built month holds yet). */
export interface WindowKey {
  keyId: number | null;
  categoryId: number;
  n: number;
}

// The facts of the windows ($1 zone, $2/$3 the windows' days) with their keys at 150 m.
const WINDOW_FACTS = `FROM unnest($2::date[], $3::date[]) w (lo, hi)
  JOIN request_facts r ON r.created_at >= (w.lo::timestamp AT TIME ZONE $1)
                      AND r.created_at < (w.hi::timestamp AT TIME ZONE $1)
  CROSS JOIN LATERAL analytics_hotspot_key(r.lat, r.lng, r.neighbourhood_id, r.place) k
  LEFT JOIN hotspot_keys hk ON hk.category_id = r.category_id AND hk.y = k.y AND hk.x = k.x AND hk.hood = k.h
                           AND hk.place = k.p
 WHERE (r.lat IS NOT NULL OR r.place IS NOT NULL)`;

export async function windowKeys(db: Db, timeZone: string, windows: DayWindow[]): Promise<WindowKey[]> {
  if (!windows.length) return [];
  const { rows } = await read<WindowKey>(
    db,
    `SELECT hk.id AS "keyId", r.category_id AS "categoryId", count(*)::int AS n ${WINDOW_FACTS}
      GROUP BY hk.id, r.category_id, k.y, k.x, k.h, k.p`,
    [timeZone, windows.map((w) => w.from), windows.map((w) => w.to)],
  );
  return rows;
}

/**
 * The hotspots among the candidates, read as the reference reads them (places-repository.ts):
 * the candidate keys' requests of the built months, and those of the windows whose key is a
 * candidate or is new with at least `newCutoff` requests there.
 */
export async function candidateHotspots(
  db: Db,
  f: RequestFilter,
  q: { minCount: number; limit: number },
  c: { keyIds: number[]; months: string[]; windows: DayWindow[]; newCutoff: number },
): Promise<HotspotRow[]> {
  const params = filterParams(f);
  const ids = `SELECT unnest(km.ids) AS id FROM hotspot_key_months km WHERE km.month = ANY ($12::date[]) AND km.key_id = ANY ($13::int[])
    UNION ALL
    SELECT x.id FROM (
      SELECT r.id, hk.id AS key, count(*) OVER (PARTITION BY r.category_id, k.y, k.x, k.h, k.p) AS n
        ${WINDOW_FACTS.replaceAll('$2', '$14').replaceAll('$3', '$15')}) x
     WHERE x.key = ANY ($13::int[]) OR (x.key IS NULL AND x.n >= $16)`;
  const { rows } = await read<HotspotRow>(db, hotspotSql(`(${ids})`), [
    ...params,
    150 / 111_320,
    q.minCount,
    q.limit,
    c.months,
    c.keyIds,
    c.windows.map((w) => w.from),
    c.windows.map((w) => w.to),
    c.newCutoff,
  ]);
  return rows;
}
