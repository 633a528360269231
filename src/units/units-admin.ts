import { UNIT_ROLES } from '../auth/index.ts';
import { recordAudit, withTransaction, type Db, type DbClient } from '../db/index.ts';
import { AppError, conflict, notFound, validationError } from '../shared/index.ts';
import {
  categoryExists,
  deleteRoute,
  districtExists,
  insertUnit,
  lockTree,
  replaceMembers,
  unitRowExists,
  updateUnit,
  upsertRoute,
  usersNotInRoles,
  type UnitFields,
} from './unit-admin-repository.ts';
import { findUnit, unitChain } from './unit-repository.ts';
import type { UnitRouteView, UnitView } from './units-types.ts';
import { minutesOf } from './working-hours.ts';

// The admin's changes to the tree, its routes and its members: checked, done in one transaction,
// audited in the same one (a change without its audit row never happens).

const pgCode = (err: unknown) => (err as { code?: string }).code;

/** The database's own checks as the 4xx they are, not a 500. */
async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (pgCode(err) === '23505') throw conflict('UNIT_CODE_TAKEN', 'Another unit already has this code');
    if (pgCode(err) === '23514') throw validationError('The unit breaks a rule of the tree or its working hours');
    throw err;
  }
}

async function checkRefs(c: DbClient, f: Partial<UnitFields>, id: number | null): Promise<void> {
  if (f.parentId != null) {
    if (!(await unitRowExists(c, f.parentId))) throw validationError(`No unit with id ${f.parentId} to be the parent`);
    // The new parent's chain up to the root must not pass through the unit itself.
    if (id != null && (await unitChain(c, f.parentId)).includes(id))
      throw conflict('UNIT_CYCLE', 'A unit cannot be placed under itself or one of its own sub-units');
  }
  if (f.districtId != null && !(await districtExists(c, f.districtId)))
    throw validationError(`No district with id ${f.districtId}`);
}

function checkHours(start: string, end: string): void {
  if (minutesOf(end) <= minutesOf(start)) throw validationError('workEnd must be after workStart (same day)');
}

export async function createUnit(db: Db, byUserId: string, f: Partial<UnitFields>): Promise<UnitView> {
  checkHours(f.workStart ?? '07:30', f.workEnd ?? '14:30');
  return translated(() =>
    withTransaction(db, async (c) => {
      await lockTree(c);
      await checkRefs(c, f, null);
      const id = await insertUnit(c, f);
      await recordAudit(c, byUserId, 'unit-created', `unit:${id}`, f);
      return (await findUnit(c, id))!;
    }),
  );
}

export async function patchUnit(db: Db, byUserId: string, id: number, f: Partial<UnitFields>): Promise<UnitView> {
  return translated(() =>
    withTransaction(db, async (c) => {
      await lockTree(c);
      const before = await findUnit(c, id);
      if (!before) throw notFound('Unit');
      if (f.parentId === id) throw conflict('UNIT_CYCLE', 'A unit cannot be its own parent');
      checkHours(f.workStart ?? before.workStart, f.workEnd ?? before.workEnd);
      await checkRefs(c, f, id);
      await updateUnit(c, id, f);
      await recordAudit(c, byUserId, 'unit-updated', `unit:${id}`, f);
      return (await findUnit(c, id))!;
    }),
  );
}

export async function setRoute(
  db: Db,
  byUserId: string,
  r: { categoryId: number; districtId: number | null; unitId: number },
): Promise<UnitRouteView> {
  return withTransaction(db, async (c) => {
    if (!(await categoryExists(c, r.categoryId))) throw validationError(`No category with id ${r.categoryId}`);
    if (r.districtId != null && !(await districtExists(c, r.districtId)))
      throw validationError(`No district with id ${r.districtId}`);
    const unit = await findUnit(c, r.unitId);
    if (!unit || !unit.active) throw validationError(`No active unit with id ${r.unitId}`);
    const route = await upsertRoute(c, r.categoryId, r.districtId, r.unitId);
    await recordAudit(c, byUserId, 'unit-route-set', `unit-route:${route.id}`, route);
    return route;
  });
}

export async function removeRoute(db: Db, byUserId: string, id: number): Promise<void> {
  await withTransaction(db, async (c) => {
    const gone = await deleteRoute(c, id);
    if (!gone) throw notFound('Unit route');
    await recordAudit(c, byUserId, 'unit-route-deleted', `unit-route:${id}`, gone);
  });
}

/** The unit's members become exactly these users, who must all hold a unit role. */
export async function setMembers(db: Db, byUserId: string, unitId: number, userIds: string[]): Promise<void> {
  const ids = [...new Set(userIds)];
  await withTransaction(db, async (c) => {
    if (!(await unitRowExists(c, unitId))) throw notFound('Unit');
    const wrong = await usersNotInRoles(c, ids, UNIT_ROLES);
    if (wrong.length)
      throw new AppError(
        'VALIDATION',
        400,
        `Only users with the role unit or unit-manager can be members; not: ${wrong.join(', ')}`,
        { userIds: wrong },
      );
    const change = await replaceMembers(c, unitId, ids);
    await recordAudit(c, byUserId, 'unit-members-replaced', `unit:${unitId}`, change);
  });
}
