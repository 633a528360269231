import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../src/db/index.ts';
import {
  resolveRoute,
  resolveRouteAt,
  unitChain,
  unitNames,
  unitOverview,
  unitUsers,
  workingHoursOf,
} from '../../../src/units/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

// The one-query reads an Open311 post makes (issue 15) must answer exactly as the reads they stand
// for: unitOverview as unitNames + escalate_after_hours + unitChain + unitUsers, resolveRouteAt as
// resolveRoute + workingHoursOf + the transaction's now(). On migration 014's seeded tree.

let t: TestDb;
const q = <T>(sql: string, params: unknown[] = []) => t.pool.query(sql, params).then((r) => r.rows as T[]);
const idOf = async (table: string, code: string) =>
  (await q<{ id: number }>(`SELECT id FROM ${table} WHERE code = $1`, [code]))[0]!.id;

beforeAll(async () => {
  t = await createTestDatabase();
  const roads = await idOf('units', 'district-5-roads');
  const users = [
    ['d5-staff', 'unit', false],
    ['d5-boss', 'unit-manager', false],
    ['d5-gone', 'unit', true],
    ['d5-viewer', 'viewer', false],
  ] as const;
  for (const [username, role, disabled] of users)
    await q(
      `WITH u AS (INSERT INTO users (username, display_name, role, password_hash, disabled, email)
                  VALUES ($1, $1 || ' name', $2, 'x', $3, CASE WHEN $2 = 'unit' THEN $1 || '@example.org' END) RETURNING id)
       INSERT INTO unit_members (user_id, unit_id) SELECT u.id, $4 FROM u`,
      [username, role, disabled, roads],
    );
  // A chain that comes round again (written behind the API's back): both stop where it repeats.
  const [parks, power] = [await idOf('units', 'parks'), await idOf('units', 'power-liaison')];
  await q(`UPDATE units SET parent_id = $1 WHERE id = $2`, [power, parks]);
  await q(`UPDATE units SET parent_id = $1 WHERE id = $2`, [parks, power]);
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

describe('unitOverview', () => {
  it('answers as the four reads it replaces, for leaves, roots, a cycle and an unknown unit', async () => {
    const units = await q<{ id: number }>(`SELECT id FROM units ORDER BY id`);
    expect(units.length).toBeGreaterThan(20);
    for (const id of [...units.map((u) => u.id), 999_999]) {
      for (const roles of [['unit', 'unit-manager'], ['unit-manager'], []] as const) {
        const [h] = await q<{ h: number }>(`SELECT escalate_after_hours AS h FROM units WHERE id = $1`, [id]);
        expect(await unitOverview(t.pool, id, roles), `unit ${id} ${roles.join()}`).toEqual({
          names: await unitNames(t.pool, id),
          escalateAfterHours: h?.h ?? null,
          chain: await unitChain(t.pool, id),
          users: await unitUsers(t.pool, [id], roles),
        });
      }
    }
    const roads = await unitOverview(t.pool, await idOf('units', 'district-5-roads'), ['unit', 'unit-manager']);
    expect(roads.users.map((u) => [u.displayName, u.role, u.email])).toEqual([
      ['d5-staff name', 'unit', 'd5-staff@example.org'],
      ['d5-boss name', 'unit-manager', null],
    ]);
    expect(roads.chain.length).toBeGreaterThan(2);
  });
});

describe('resolveRouteAt', () => {
  it('answers as resolveRoute, the unit’s working hours and the transaction’s time', async () => {
    const cats = await q<{ id: number }>(`SELECT id FROM categories ORDER BY id`);
    const hoods = await q<{ id: number }>(`SELECT id FROM neighbourhoods ORDER BY id`);
    let routed = 0;
    for (const cat of [...cats.map((c) => c.id), 999_999]) {
      for (const hood of [hoods[0]!.id, hoods[hoods.length - 1]!.id, null]) {
        await withTransaction(t.pool, async (c) => {
          const route = await resolveRoute(c, cat, hood);
          const at = await resolveRouteAt(c, cat, hood);
          if (!route) return expect(at, `category ${cat} place ${hood}`).toBeNull();
          const [now] = (await c.query<{ now: Date }>(`SELECT now() AS now`)).rows;
          const workingHours = await workingHoursOf(c, route.unitId);
          expect(at, `category ${cat} place ${hood}`).toEqual({ ...route, workingHours, at: now!.now });
          routed++;
        });
      }
    }
    expect(routed).toBeGreaterThan(50);
  });
});
