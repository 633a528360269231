import type { Db, DbClient } from '../db/index.ts';

// All of Open311's SQL: its keys and submissions, and the read-only views of categories,
// neighbourhoods and requests its answers are made of (no personal column is ever selected).

export interface KeyView {
  id: number;
  name: string;
  perMinute: number;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

interface KeyRow {
  id: number;
  name: string;
  per_minute: number;
  created_by: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const KEY_COLUMNS = 'id, name, per_minute, created_by::text, created_at, revoked_at';

function toKey(r: KeyRow): KeyView {
  return {
    id: r.id,
    name: r.name,
    perMinute: r.per_minute,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

export async function insertKey(
  db: Db,
  k: { name: string; hash: string; perMinute: number; createdBy: string | null },
): Promise<KeyView> {
  const r = await db.query<KeyRow>(
    `INSERT INTO open311_keys (name, key_hash, per_minute, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (key_hash) DO UPDATE SET key_hash = EXCLUDED.key_hash RETURNING ${KEY_COLUMNS}`,
    [k.name, k.hash, k.perMinute, k.createdBy],
  );
  return toKey(r.rows[0]!);
}

export async function listKeys(db: Db): Promise<KeyView[]> {
  const r = await db.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM open311_keys ORDER BY id`);
  return r.rows.map(toKey);
}

/** Revokes a live key; false for an unknown or already revoked one. */
export async function revokeKey(db: Db, id: number): Promise<boolean> {
  const r = await db.query(`UPDATE open311_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  return r.rowCount === 1;
}

/** The live key with this sha256, or null (unknown or revoked). */
export async function liveKeyByHash(db: Db, hash: string): Promise<{ id: number; perMinute: number } | null> {
  const r = await db.query<{ id: number; per_minute: number }>(
    `SELECT id, per_minute FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [hash],
  );
  const row = r.rows[0];
  return row ? { id: row.id, perMinute: row.per_minute } : null;
}

/**
 * In the registering transaction: the token is stored with the request or not at all, and only
 * while the key is live (false when it was revoked: the caller rolls back and answers 403).
 */
export async function insertSubmission(
  db: Db | DbClient,
  s: { token: string; keyId: number; requestId: string; mediaUrl: string | null },
): Promise<boolean> {
  const r = await db.query({
    name: 'open311-insert-submission', // prepared once per connection: every post runs it
    text: `INSERT INTO open311_submissions (token, key_id, request_id, media_url)
           SELECT $1::text, k.id, $3::bigint, $4::text FROM open311_keys k WHERE k.id = $2::int AND k.revoked_at IS NULL`,
    values: [s.token, s.keyId, s.requestId, s.mediaUrl],
  });
  return r.rowCount === 1;
}

/** The tracking code a token became (null while none), or undefined for an unknown token. */
export async function trackingCodeOfToken(db: Db, token: string): Promise<string | null | undefined> {
  const r = await db.query<{ tracking_code: string | null }>(
    `SELECT r.tracking_code FROM open311_submissions s LEFT JOIN requests r ON r.id = s.request_id WHERE s.token = $1`,
    [token],
  );
  return r.rows.length ? r.rows[0]!.tracking_code : undefined;
}

export interface ServiceRow {
  id: number;
  code: string;
  nameFa: string;
  nameEn: string;
  groupFa: string | null;
  groupEn: string | null;
  hazard: boolean;
}

const SERVICE_SQL = `SELECT c.id, c.code, c.name_fa, c.name_en, c.hazard, p.name_fa AS group_fa, p.name_en AS group_en
  FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
 WHERE c.active AND NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)`;

interface ServiceDbRow {
  id: number;
  code: string;
  name_fa: string;
  name_en: string;
  hazard: boolean;
  group_fa: string | null;
  group_en: string | null;
}

function toService(r: ServiceDbRow): ServiceRow {
  return {
    ...{ id: r.id, code: r.code, nameFa: r.name_fa, nameEn: r.name_en, hazard: r.hazard },
    ...{ groupFa: r.group_fa, groupEn: r.group_en },
  };
}

/** The leaf categories a citizen can report in (a group is a heading, not a service). */
export async function serviceRows(db: Db): Promise<ServiceRow[]> {
  const r = await db.query<ServiceDbRow>(`${SERVICE_SQL} ORDER BY p.position NULLS FIRST, p.id, c.position, c.id`);
  return r.rows.map(toService);
}

export async function serviceByCode(db: Db, code: string): Promise<ServiceRow | null> {
  const r = await db.query<ServiceDbRow>(`${SERVICE_SQL} AND c.code = $1`, [code]);
  return r.rows[0] ? toService(r.rows[0]) : null;
}

export interface NeighbourhoodRow {
  id: number;
  nameFa: string;
  nameEn: string;
  districtFa: string;
  districtEn: string;
}

export async function neighbourhoodRows(db: Db): Promise<NeighbourhoodRow[]> {
  const r = await db.query<{ id: number; name_fa: string; name_en: string; district_fa: string; district_en: string }>(
    `SELECT n.id, n.name_fa, n.name_en, d.name_fa AS district_fa, d.name_en AS district_en
       FROM neighbourhoods n JOIN districts d ON d.id = n.district_id ORDER BY d.position, d.id, n.name_fa`,
  );
  return r.rows.map((n) => ({
    ...{ id: n.id, nameFa: n.name_fa, nameEn: n.name_en },
    ...{ districtFa: n.district_fa, districtEn: n.district_en },
  }));
}

/**
 * Neighbourhoods have no outline; the requests around a point say where it is. The neighbourhood
 * most requests within radiusM name, or null when none near has one. The box is read through the
 * grid index requests_place_cell_idx (migration 027): latitude bands floor(lat * 200), then the
 * longitude range inside each band.
 */
export async function neighbourhoodNear(db: Db, lat: number, lng: number, radiusM: number): Promise<number | null> {
  const dLat = radiusM / 111_320;
  const dLng = radiusM / (111_320 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  const bands: number[] = [];
  for (let b = Math.floor((lat - dLat) * 200); b <= Math.floor((lat + dLat) * 200); b++) bands.push(b);
  // Planned per call (not prepared): a generic plan cannot tell how narrow the box is.
  const r = await db.query<{ neighbourhood_id: number }>({
    text: `SELECT neighbourhood_id FROM requests
      WHERE neighbourhood_id IS NOT NULL AND lat IS NOT NULL AND floor(lat * 200)::int = ANY($5::int[])
        AND lat BETWEEN $1::float8 - $3::float8 AND $1::float8 + $3::float8
        AND lng BETWEEN $2::float8 - $4::float8 AND $2::float8 + $4::float8
      GROUP BY neighbourhood_id ORDER BY count(*) DESC, neighbourhood_id LIMIT 1`,
    values: [lat, lng, dLat, dLng, bands],
  });
  return r.rows[0]?.neighbourhood_id ?? null;
}
