import type { Role } from '../auth/index.ts';
import type { Db, DbClient } from '../db/index.ts';
import type { DeadlineBasis, RouteTarget, UnitKind, UnitUser, UnitView, WorkingHours } from './units-types.ts';

// Reads of the units tree that other domains build on: routing, working hours, the chain up the
// tree, and who works where.

type Q = Db | DbClient;

/**
 * Category + the request's neighbourhood → the unit that acts: the district's own route, else the
 * city-wide route (district_id NULL), else the category's unit. Inactive units are passed over so a
 * closed unit's route falls through to the next choice instead of a unit nobody reads.
 */
// The routing rule of resolveRoute (below), one row per category ($1) and neighbourhood ($2).
const ROUTE_SQL = `SELECT c.deadline_hours, c.deadline_basis, c.hazard,
            COALESCE(
              (SELECT ur.unit_id FROM unit_routes ur
                 JOIN neighbourhoods n ON n.district_id = ur.district_id
                 JOIN units u ON u.id = ur.unit_id AND u.active
                WHERE ur.category_id = c.id AND n.id = $2),
              (SELECT ur.unit_id FROM unit_routes ur JOIN units u ON u.id = ur.unit_id AND u.active
                WHERE ur.category_id = c.id AND ur.district_id IS NULL),
              (SELECT u.id FROM units u WHERE u.id = c.unit_id AND u.active)) AS unit_id
       FROM categories c WHERE c.id = $1`;

interface RouteRow {
  unit_id: number | null;
  deadline_hours: number;
  deadline_basis: DeadlineBasis;
  hazard: boolean;
}

const toRoute = (row: RouteRow & { unit_id: number }): RouteTarget => ({
  unitId: row.unit_id,
  deadlineHours: row.deadline_hours,
  basis: row.deadline_basis,
  hazard: row.hazard,
});

/**
 * Category + the request's neighbourhood → the unit that acts: the district's own route, else the
 * city-wide route (district_id NULL), else the category's unit. Inactive units are passed over so a
 * closed unit's route falls through to the next choice instead of a unit nobody reads.
 */
export async function resolveRoute(
  db: Q,
  categoryId: number,
  neighbourhoodId: number | null,
): Promise<RouteTarget | null> {
  const row = (await db.query<RouteRow>(ROUTE_SQL, [categoryId, neighbourhoodId])).rows[0];
  if (!row || row.unit_id == null) return null;
  return toRoute({ ...row, unit_id: row.unit_id });
}

/**
 * resolveRoute, the routed unit's working hours and the transaction's time (now()) in one round
 * trip: what a registration needs to refer a new request (an Open311 post at 100/s pays per query).
 */
export async function resolveRouteAt(
  c: DbClient,
  categoryId: number,
  neighbourhoodId: number | null,
): Promise<(RouteTarget & { workingHours: WorkingHours; at: Date }) | null> {
  // Prepared once per connection: planning it cost more than running it (lookups by key only).
  const r = await c.query<RouteRow & { at: Date; work_days: number[]; work_start: string; work_end: string }>({
    name: 'units-route-at',
    text: `SELECT r.*, now() AS at, w.work_days, to_char(w.work_start, 'HH24:MI') AS work_start,
                  to_char(w.work_end, 'HH24:MI') AS work_end
             FROM (${ROUTE_SQL}) r JOIN units w ON w.id = r.unit_id`,
    values: [categoryId, neighbourhoodId],
  });
  const row = r.rows[0];
  if (!row || row.unit_id == null) return null;
  const workingHours = { workDays: row.work_days.map(Number), workStart: row.work_start, workEnd: row.work_end };
  return { ...toRoute({ ...row, unit_id: row.unit_id }), workingHours, at: row.at };
}

export async function workingHoursOf(db: Q, unitId: number): Promise<WorkingHours | null> {
  const r = await db.query<{ work_days: number[]; work_start: string; work_end: string }>(
    `SELECT work_days, to_char(work_start, 'HH24:MI') AS work_start, to_char(work_end, 'HH24:MI') AS work_end
       FROM units WHERE id = $1`,
    [unitId],
  );
  const u = r.rows[0];
  return u ? { workDays: u.work_days.map(Number), workStart: u.work_start, workEnd: u.work_end } : null;
}

const CHAIN_SQL = `WITH RECURSIVE chain (id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM units WHERE id = $1
       UNION ALL
       SELECT u.id, u.parent_id, c.depth + 1 FROM units u JOIN chain c ON u.id = c.parent_id WHERE c.depth < 64)`;

/** The chain's ids in depth order, cut where it comes round again. */
function chainOf(ids: number[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const id of ids) {
    if (seen.has(id)) break;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** [unitId, parentId, grandparentId, …] up to the root; [] for an unknown unit. */
export async function unitChain(db: Q, unitId: number): Promise<number[]> {
  // The depth cap guards against a cycle written behind the API's back (PATCH refuses them).
  const r = await db.query<{ id: number }>(`${CHAIN_SQL} SELECT id FROM chain ORDER BY depth`, [unitId]);
  return chainOf(r.rows.map((x) => x.id));
}

/** Enabled users of these units with these roles (a user in two of the units appears once per unit). */
export async function unitUsers(db: Q, unitIds: number[], roles: readonly Role[]): Promise<UnitUser[]> {
  if (!unitIds.length || !roles.length) return [];
  const r = await db.query<{ id: string; display_name: string; email: string | null; role: Role; unit_id: number }>(
    `SELECT u.id::text AS id, u.display_name, u.email, u.role, m.unit_id
       FROM unit_members m JOIN users u ON u.id = m.user_id
      WHERE m.unit_id = ANY($1::int[]) AND u.role = ANY($2::text[]) AND NOT u.disabled
      ORDER BY m.unit_id, u.id`,
    [unitIds, [...roles]],
  );
  return r.rows.map((u) => ({
    id: u.id,
    displayName: u.display_name,
    email: u.email,
    role: u.role,
    unitId: u.unit_id,
  }));
}

/** Whether an active unit has this id (a referral may only go to a unit that works). */
export async function unitExists(db: Q, unitId: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM units WHERE id = $1 AND active`, [unitId])).rowCount === 1;
}

export async function unitNames(db: Q, unitId: number): Promise<{ nameFa: string; nameEn: string } | null> {
  const r = await db.query<{ name_fa: string; name_en: string }>(`SELECT name_fa, name_en FROM units WHERE id = $1`, [
    unitId,
  ]);
  const u = r.rows[0];
  return u ? { nameFa: u.name_fa, nameEn: u.name_en } : null;
}

/** A unit as the office needs it when a request is referred to it. */
export interface UnitOverview {
  names: { nameFa: string; nameEn: string } | null;
  /** null for an unknown unit. */
  escalateAfterHours: number | null;
  /** As unitChain. */
  chain: number[];
  /** As unitUsers(db, [unitId], roles). */
  users: UnitUser[];
}

/**
 * unitNames, its escalate_after_hours, unitChain and unitUsers of one unit in one round trip: a
 * referral's notice and escalation plan read all four (an Open311 post at 100/s pays per query).
 */
export async function unitOverview(db: Q, unitId: number, roles: readonly Role[]): Promise<UnitOverview> {
  const r = await db.query<{
    found: boolean;
    name_fa: string;
    name_en: string;
    h: number | null;
    chain: number[] | null;
    users: { id: string; display_name: string; email: string | null; role: Role }[];
  }>({
    // Prepared once per connection: planning it cost more than running it (lookups by key only).
    name: 'units-overview',
    text: `${CHAIN_SQL}
     SELECT u.id IS NOT NULL AS found, u.name_fa, u.name_en, u.escalate_after_hours AS h,
            (SELECT array_agg(c.id ORDER BY c.depth) FROM chain c) AS chain,
            COALESCE((SELECT json_agg(json_build_object('id', x.id::text, 'display_name', x.display_name,
                                                        'email', x.email, 'role', x.role) ORDER BY x.id)
                        FROM unit_members m JOIN users x ON x.id = m.user_id
                       WHERE m.unit_id = $1 AND x.role = ANY($2::text[]) AND NOT x.disabled), '[]') AS users
       FROM (SELECT 1) one LEFT JOIN units u ON u.id = $1`,
    values: [unitId, [...roles]],
  });
  const row = r.rows[0]!;
  return {
    names: row.found ? { nameFa: row.name_fa, nameEn: row.name_en } : null,
    escalateAfterHours: row.h,
    chain: chainOf(row.chain ?? []),
    users: roles.length
      ? row.users.map((u) => ({ id: u.id, displayName: u.display_name, email: u.email, role: u.role, unitId }))
      : [],
  };
}

interface UnitRow {
  id: number;
  code: string;
  name_fa: string;
  name_en: string;
  kind: UnitKind;
  parent_id: number | null;
  district_id: number | null;
  active: boolean;
  work_days: number[];
  work_start: string;
  work_end: string;
  escalate_after_hours: number;
  position: number;
  managers: { id: string; displayName: string }[];
}

const UNIT_SELECT = `SELECT u.id, u.code, u.name_fa, u.name_en, u.kind, u.parent_id, u.district_id, u.active, u.work_days,
       to_char(u.work_start, 'HH24:MI') AS work_start, to_char(u.work_end, 'HH24:MI') AS work_end,
       u.escalate_after_hours, u.position,
       COALESCE((SELECT json_agg(json_build_object('id', us.id::text, 'displayName', us.display_name) ORDER BY us.id)
                   FROM unit_members m JOIN users us ON us.id = m.user_id
                  WHERE m.unit_id = u.id AND us.role = 'unit-manager' AND NOT us.disabled), '[]') AS managers
  FROM units u`;

const toView = (u: UnitRow): UnitView => ({
  id: u.id,
  code: u.code,
  nameFa: u.name_fa,
  nameEn: u.name_en,
  kind: u.kind,
  parentId: u.parent_id,
  districtId: u.district_id,
  active: u.active,
  workDays: u.work_days.map(Number),
  workStart: u.work_start,
  workEnd: u.work_end,
  escalateAfterHours: u.escalate_after_hours,
  position: u.position,
  managers: u.managers,
  children: [],
});

/** Every unit (inactive ones too: the admin screen shows them), flat, in position order. */
export async function listUnits(db: Q): Promise<UnitView[]> {
  const r = await db.query<UnitRow>(`${UNIT_SELECT} ORDER BY u.position, u.id`);
  return r.rows.map(toView);
}

export async function findUnit(db: Q, id: number): Promise<UnitView | null> {
  const r = await db.query<UnitRow>(`${UNIT_SELECT} WHERE u.id = $1`, [id]);
  return r.rows[0] ? toView(r.rows[0]) : null;
}
