import type { DuplicateQuery } from './request-types.ts';

// The duplicate search's candidates, found by index: the newest open requests of the category in
// the neighbourhood (requests_open_place_recent_idx, migration 027, already in the search's order)
// and those within the radius of the map point (requests_open_point_idx: the bounding box), each
// branch cut to the limit before anything is joined or sorted. One OR over both made PostgreSQL
// sort every open request of the place on each report (9 ms at 3,000 requests, growing with them).

/** Metres per degree of latitude; good enough for a "same spot" radius of a few hundred metres. */
export const M_PER_DEG = 111_320;

/**
 * A CTE body giving (id) of at most `limit` open candidates per branch, with its parameters
 * appended to `params` (whose $1 is the category); empty when the query has no place.
 */
export function openCandidatesSql(q: DuplicateQuery, radiusM: number, limit: number, params: unknown[]): string {
  const branches: string[] = [];
  const open = `r.category_id = $1 AND r.status <> 'closed'`;
  const newest = () => {
    params.push(limit);
    return `ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length}`;
  };
  if (q.neighbourhoodId != null) {
    params.push(q.neighbourhoodId);
    const hood = `$${params.length}`;
    branches.push(`SELECT r.id FROM requests r WHERE ${open} AND r.neighbourhood_id = ${hood} ${newest()}`);
  }
  if (q.lat != null && q.lng != null) {
    const dLat = radiusM / M_PER_DEG;
    const dLng = radiusM / (M_PER_DEG * Math.max(Math.cos((q.lat * Math.PI) / 180), 0.01));
    params.push(q.lat, q.lng, dLat, dLng, radiusM);
    const [lat, lng, dla, dln, rad] = [1, 2, 3, 4, 5].map((i) => `$${params.length - 5 + i}`);
    branches.push(`SELECT r.id FROM requests r
      WHERE ${open} AND r.lat IS NOT NULL
        AND r.lat BETWEEN ${lat}::float8 - ${dla}::float8 AND ${lat}::float8 + ${dla}::float8
        AND r.lng BETWEEN ${lng}::float8 - ${dln}::float8 AND ${lng}::float8 + ${dln}::float8
        AND 2 * 6371000 * asin(sqrt(power(sin(radians(r.lat - ${lat}::float8) / 2), 2)
          + cos(radians(${lat}::float8)) * cos(radians(r.lat)) * power(sin(radians(r.lng - ${lng}::float8) / 2), 2))) <= ${rad}::float8
      ${newest()}`);
  }
  return branches.map((b) => `(${b})`).join(' UNION ');
}
