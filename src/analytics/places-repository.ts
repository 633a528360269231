import type { Db } from '../db/index.ts';
import { filterParams, fromRequests, read, type RequestFilter } from './analytics-repository.ts';
import { countSource, FILTERS, JOINS, SPAN_SOURCE, type CountSource } from './count-sources-repository.ts';

// Reads about places: neighbourhood × category counts, the top categories of each neighbourhood and
// the places where the same category keeps coming back. Filters as the other figures ($1…$8).

/** The top-level group of a request's category (categories have two levels). */
const GROUP_JOIN = 'JOIN categories g ON g.id = COALESCE(c.parent_id, c.id)';

export interface HeatCell {
  neighbourhoodId: number | null;
  labelFa: string | null;
  labelEn: string | null;
  districtId: number | null;
  categoryId: number;
  categoryFa: string;
  categoryEn: string;
  count: number;
}

/**
 * Requests per neighbourhood (null: none set) and top-level category: the roll-ups' whole months and
 * edge days (SPAN_SOURCE) unless `source` says.
 */
export async function heatCells(db: Db, f: RequestFilter, source?: CountSource): Promise<HeatCell[]> {
  const src = source ?? (await countSource(db, f.timeZone, SPAN_SOURCE));
  const { rows } = await read<HeatCell>(
    db,
    `SELECT n.id AS "neighbourhoodId", n.name_fa AS "labelFa", n.name_en AS "labelEn", n.district_id AS "districtId",
            g.id AS "categoryId", g.name_fa AS "categoryFa", g.name_en AS "categoryEn", ${src.n}::int AS count
       ${src.from(GROUP_JOIN)}
      GROUP BY n.id, g.id`,
    filterParams(f),
  );
  return rows;
}

export interface TopCategoryRow {
  neighbourhoodId: number | null;
  labelFa: string | null;
  labelEn: string | null;
  districtId: number | null;
  total: number;
  rank: number;
  categoryId: number;
  categoryFa: string;
  categoryEn: string;
  count: number;
}

/** The `limit` most asked-about (leaf) categories of each neighbourhood, with its total. */
export async function topCategories(
  db: Db,
  f: RequestFilter,
  limit: number,
  source?: CountSource,
): Promise<TopCategoryRow[]> {
  const src = source ?? (await countSource(db, f.timeZone, SPAN_SOURCE));
  const { rows } = await read<TopCategoryRow>(
    db,
    `WITH t AS (
       SELECT n.id AS hood, c.id AS cat, ${src.n}::int AS n ${src.from()} GROUP BY n.id, c.id),
     ranked AS (
       SELECT t.*, row_number() OVER (PARTITION BY hood ORDER BY n DESC, cat) AS rank,
              sum(n) OVER (PARTITION BY hood)::int AS total
         FROM t)
     SELECT x.hood AS "neighbourhoodId", n.name_fa AS "labelFa", n.name_en AS "labelEn", n.district_id AS "districtId",
            x.total, x.rank::int AS rank, c.id AS "categoryId", c.name_fa AS "categoryFa", c.name_en AS "categoryEn",
            x.n AS count
       FROM ranked x JOIN categories c ON c.id = x.cat LEFT JOIN neighbourhoods n ON n.id = x.hood
      WHERE x.rank <= $9
      ORDER BY x.total DESC, x.hood NULLS LAST, x.rank`,
    [...filterParams(f), limit],
  );
  return rows;
}

export interface HotspotRow {
  categoryId: number;
  labelFa: string;
  labelEn: string;
  lat: number | null;
  lng: number | null;
  address: string | null;
  neighbourhoodId: number | null;
  count: number;
  first: Date;
  last: Date;
  requestIds: string[];
}

/** Metres per degree of latitude (and of longitude at the equator). */
export const M_PER_DEGREE = 111_320;

/**
 * Places that keep coming back: requests of the same (leaf) category bucketed into a grid of
 * radiusM-sized squares on lat/lng (the longitude step widened by 1/cos of the whole-degree
 * latitude, so squares stay square within a city). A grid is one GROUP BY over the filtered rows,
 * where pairwise distances would be a self-join of millions; its price: two requests in one square
 * can be up to radiusM·√2 apart, and two a metre apart across a square's edge fall in different
 * squares. Requests without a point are bucketed by neighbourhood and address (letters folded:
 * ي→ی, ك→ک; spaces squeezed), when they have an address. Only buckets of at least minCount.
 * No description is read: a citizen may have written a phone number into it. Read from the request
 * facts (migration 028: narrow rows, the address already folded, squares as two integers instead
 * of text); analytics-raw-repository.ts keeps the form over requests as the test's reference.
 */
export async function hotspots(
  db: Db,
  f: RequestFilter,
  q: { radiusM: number; minCount: number; limit: number },
): Promise<HotspotRow[]> {
  const step = q.radiusM / M_PER_DEGREE;
  const { rows } = await read<HotspotRow>(db, hotspotSql(), [...filterParams(f), step, q.minCount, q.limit]);
  return rows;
}

/**
 * The hotspot query ($1…$8 the filters, $9 the step in degrees, $10 minCount, $11 limit), over
 * the range's facts, or only over the requests `ids` (a subquery of `id`s) lists.
 */
export const hotspotSql = (ids?: string) => `WITH b AS (
       SELECT r.id, r.category_id, r.created_at, r.neighbourhood_id, r.lat, r.lng, r.address, r.place,
              floor(r.lat / $9)::bigint AS y, floor(r.lng * cos(radians(floor(r.lat))) / $9)::bigint AS x,
              CASE WHEN r.lat IS NULL THEN r.neighbourhood_id END AS hood
         ${
           ids
             ? `FROM ${ids} i JOIN request_facts r ON r.id = i.id ${JOINS}
                WHERE r.created_at >= ($2::date::timestamp AT TIME ZONE $1)
                  AND r.created_at < (($3::date + 1)::timestamp AT TIME ZONE $1) ${FILTERS}`
             : fromRequests('', 'request_facts')
         }
          AND (r.lat IS NOT NULL OR r.place IS NOT NULL))
     SELECT b.category_id AS "categoryId", c.name_fa AS "labelFa", c.name_en AS "labelEn",
            avg(b.lat) AS lat, avg(b.lng) AS lng,
            CASE WHEN bool_and(b.lat IS NULL) THEN min(b.address) END AS address,
            mode() WITHIN GROUP (ORDER BY b.neighbourhood_id) AS "neighbourhoodId",
            count(*)::int AS count, min(b.created_at) AS first, max(b.created_at) AS last,
            (array_agg(b.id::text ORDER BY b.created_at DESC, b.id DESC))[1:20] AS "requestIds"
       FROM b JOIN categories c ON c.id = b.category_id
      GROUP BY b.category_id, c.id, b.y, b.x, b.hood, b.place
     HAVING count(*) >= $10
      ORDER BY count(*) DESC, max(b.created_at) DESC, b.category_id
      LIMIT $11`;
