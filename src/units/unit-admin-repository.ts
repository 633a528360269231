import type { Role } from '../auth/index.ts';
import type { Db, DbClient } from '../db/index.ts';
import type { UnitKind, UnitMemberView, UnitRouteView } from './units-types.ts';

// Writes of the admin screens: units, category routes per district, who works in a unit.

type Q = Db | DbClient;

export interface UnitFields {
  code: string;
  nameFa: string;
  nameEn: string;
  kind: UnitKind;
  parentId: number | null;
  districtId: number | null;
  workDays: number[];
  workStart: string;
  workEnd: string;
  escalateAfterHours: number;
  position: number;
  active: boolean;
}

const COLUMNS: Record<keyof UnitFields, string> = {
  code: 'code',
  nameFa: 'name_fa',
  nameEn: 'name_en',
  kind: 'kind',
  parentId: 'parent_id',
  districtId: 'district_id',
  workDays: 'work_days',
  workStart: 'work_start',
  workEnd: 'work_end',
  escalateAfterHours: 'escalate_after_hours',
  position: 'position',
  active: 'active',
};

/** Tree changes one at a time: two concurrent re-parentings could otherwise close a cycle together. */
export async function lockTree(c: DbClient): Promise<void> {
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('cti137:units-tree'))`);
}

/** Inserts only the fields given (the rest take the table's defaults); returns the new id. */
export async function insertUnit(c: Q, f: Partial<UnitFields>): Promise<number> {
  const keys = (Object.keys(f) as (keyof UnitFields)[]).filter((k) => f[k] !== undefined);
  const cols = keys.map((k) => COLUMNS[k]);
  const params = keys.map((_, i) => `$${i + 1}`);
  const r = await c.query<{ id: number }>(
    `INSERT INTO units (${cols.join(', ')}) VALUES (${params.join(', ')}) RETURNING id`,
    keys.map((k) => f[k]),
  );
  return r.rows[0]!.id;
}

/** Updates the fields given; false when no unit has that id. */
export async function updateUnit(c: Q, id: number, f: Partial<UnitFields>): Promise<boolean> {
  const keys = (Object.keys(f) as (keyof UnitFields)[]).filter((k) => f[k] !== undefined);
  if (!keys.length) return (await c.query(`SELECT 1 FROM units WHERE id = $1`, [id])).rowCount === 1;
  const sets = keys.map((k, i) => `${COLUMNS[k]} = $${i + 2}`);
  const r = await c.query(`UPDATE units SET ${sets.join(', ')} WHERE id = $1`, [id, ...keys.map((k) => f[k])]);
  return r.rowCount === 1;
}

export async function unitRowExists(db: Q, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM units WHERE id = $1`, [id])).rowCount === 1;
}

export async function districtExists(db: Q, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM districts WHERE id = $1`, [id])).rowCount === 1;
}

export async function categoryExists(db: Q, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM categories WHERE id = $1`, [id])).rowCount === 1;
}

interface RouteRow {
  id: number;
  category_id: number;
  district_id: number | null;
  unit_id: number;
}
const routeView = (r: RouteRow): UnitRouteView => ({
  id: r.id,
  categoryId: r.category_id,
  districtId: r.district_id,
  unitId: r.unit_id,
});

export async function listRoutes(db: Q, categoryId?: number): Promise<UnitRouteView[]> {
  const r = await db.query<RouteRow>(
    `SELECT id, category_id, district_id, unit_id FROM unit_routes
      WHERE $1::int IS NULL OR category_id = $1
      ORDER BY category_id, district_id NULLS FIRST, id`,
    [categoryId ?? null],
  );
  return r.rows.map(routeView);
}

/** One route per (category, district or city-wide): setting it again moves it to the new unit. */
export async function upsertRoute(
  db: Q,
  categoryId: number,
  districtId: number | null,
  unitId: number,
): Promise<UnitRouteView> {
  const r = await db.query<RouteRow>(
    `INSERT INTO unit_routes (category_id, district_id, unit_id) VALUES ($1, $2, $3)
     ON CONFLICT (category_id, (COALESCE(district_id, 0))) DO UPDATE SET unit_id = EXCLUDED.unit_id
     RETURNING id, category_id, district_id, unit_id`,
    [categoryId, districtId, unitId],
  );
  return routeView(r.rows[0]!);
}

export async function deleteRoute(db: Q, id: number): Promise<UnitRouteView | null> {
  const r = await db.query<RouteRow>(
    `DELETE FROM unit_routes WHERE id = $1 RETURNING id, category_id, district_id, unit_id`,
    [id],
  );
  return r.rows[0] ? routeView(r.rows[0]) : null;
}

export async function listMembers(db: Q, unitId: number): Promise<UnitMemberView[]> {
  const r = await db.query<{ id: string; username: string; display_name: string; role: Role }>(
    `SELECT u.id::text AS id, u.username, u.display_name, u.role
       FROM unit_members m JOIN users u ON u.id = m.user_id
      WHERE m.unit_id = $1 ORDER BY u.display_name, u.id`,
    [unitId],
  );
  return r.rows.map((u) => ({ userId: u.id, username: u.username, displayName: u.display_name, role: u.role }));
}

/** Of these user ids, those that are not users with one of the roles (unknown ids included). */
export async function usersNotInRoles(db: Q, userIds: string[], roles: readonly Role[]): Promise<string[]> {
  if (!userIds.length) return [];
  const r = await db.query<{ id: string }>(
    `SELECT x.id FROM unnest($1::text[]) AS x(id)
      WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.id::bigint AND u.role = ANY($2::text[]))`,
    [userIds, [...roles]],
  );
  return r.rows.map((x) => x.id);
}

/** The unit's members become exactly these users; returns who was added and who removed. */
export async function replaceMembers(
  c: DbClient,
  unitId: number,
  userIds: string[],
): Promise<{ added: string[]; removed: string[] }> {
  const removed = await c.query<{ user_id: string }>(
    `DELETE FROM unit_members WHERE unit_id = $1 AND NOT (user_id = ANY($2::bigint[])) RETURNING user_id::text`,
    [unitId, userIds],
  );
  const added = await c.query<{ user_id: string }>(
    `INSERT INTO unit_members (user_id, unit_id) SELECT x, $1 FROM unnest($2::bigint[]) AS x
     ON CONFLICT DO NOTHING RETURNING user_id::text`,
    [unitId, userIds],
  );
  return { added: added.rows.map((r) => r.user_id), removed: removed.rows.map((r) => r.user_id) };
}
