import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser, type Role } from '../../../src/auth/index.ts';
import {
  resolveRoute,
  unitChain,
  unitExists,
  unitNames,
  workingHoursOf,
  type UnitView,
} from '../../../src/units/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

// The units tree as migration 014 seeds it (every district municipality with its technical and
// services departments and their roads and waste units), routing by category and district, and the
// admin's changes, through the real app and database.

let app: TestApp;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
const users: Record<string, string> = {};

const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const idOf = async (table: string, column: string, value: string) =>
  (await q<{ id: number }>(`SELECT id FROM ${table} WHERE ${column} = $1`, [value]))[0]!.id;
const call = <T = unknown>(who: string, method: string, path: string, body?: unknown) =>
  api<T>(app.url, cookie[who] ?? null, method, `/api/v1${path}`, body);

async function addUser(username: string, role: Role): Promise<void> {
  const passwordHash = await hashPassword('demo137');
  users[username] = await upsertUser(app.db, { username, displayName: `${username} name`, role, passwordHash });
}

beforeAll(async () => {
  app = await startTestApp();
  await addUser('roads5-staff', 'unit');
  await addUser('roads5-boss', 'unit-manager');
  await addUser('viewer9', 'viewer');
  for (const [who, username] of Object.entries({
    admin: 'admin',
    supervisor: 'supervisor1',
    operator: 'operator1',
    viewer: 'viewer9',
    unit: 'roads5-staff',
    manager: 'roads5-boss',
  }))
    cookie[who] = await login(app.url, username);
  for (const code of ['district-5', 'district-5-technical', 'district-5-roads', 'district-9-roads', 'district-5-waste'])
    ids[code] = await idOf('units', 'code', code);
  for (const code of ['roads', 'power-liaison', 'parks']) ids[code] = await idOf('units', 'code', code);
  for (const code of ['pothole', 'street-lights', 'tree-pruning', 'garbage-collection'])
    ids[code] = await idOf('categories', 'code', code);
  ids.d5 = await idOf('districts', 'name_en', 'District 5');
  ids.jalaliyeh = await idOf('neighbourhoods', 'name_en', 'Jalaliyeh');
  const [d9] = await q<{ id: number }>(
    `SELECT n.id FROM neighbourhoods n JOIN districts d ON d.id = n.district_id WHERE d.name_en = 'District 9' LIMIT 1`,
  );
  ids.inD9 = d9!.id;
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('GET /api/v1/units', () => {
  it('answers the tree from migration 014 to every signed-in role, and 401 to nobody', async () => {
    for (const who of ['admin', 'supervisor', 'operator', 'viewer', 'unit', 'manager']) {
      const res = await call<{ units: UnitView[] }>(who, 'GET', '/units');
      expect(res.status, who).toBe(200);
    }
    expect((await api(app.url, null, 'GET', '/api/v1/units')).status).toBe(401);

    const { units } = (await call<{ units: UnitView[] }>('unit', 'GET', '/units')).body;
    const d5 = units.find((u) => u.code === 'district-5')!;
    expect(d5).toMatchObject({ kind: 'district', parentId: null, districtId: ids.d5, position: 5 });
    expect(d5.children.map((c) => [c.code, c.kind])).toEqual([
      ['district-5-technical', 'department'],
      ['district-5-services', 'department'],
    ]);
    const roads = d5.children[0]!.children;
    expect(roads.map((c) => c.code)).toEqual(['district-5-roads']);
    expect(roads[0]).toMatchObject({
      kind: 'unit',
      nameEn: 'District 5 — Roads',
      parentId: ids['district-5-technical'],
      workDays: [6, 0, 1, 2, 3],
      workStart: '07:30',
      workEnd: '14:30',
      escalateAfterHours: 24,
      active: true,
      children: [],
    });
    expect(d5.children[1]!.children.map((c) => c.code)).toEqual(['district-5-waste']);
    // Roots in position order: the city-wide organisations (position 0), then the districts 1, 5, 9, 13.
    expect(units.filter((u) => u.kind === 'district').map((u) => u.code)).toEqual([
      'district-1',
      'district-5',
      'district-9',
      'district-13',
    ]);
    expect(units.slice(0, 13).every((u) => u.kind === 'organisation' && u.children.length === 0)).toBe(true);
    expect(units.map((u) => u.position)).toEqual([...units.map((u) => u.position)].sort((a, b) => a - b));
  });
});

describe('routing', () => {
  it("sends a pothole to its district's own roads unit", async () => {
    expect(await resolveRoute(app.db, ids.pothole!, ids.jalaliyeh!)).toEqual({
      unitId: ids['district-5-roads'],
      deadlineHours: 72,
      basis: 'working',
      hazard: false,
    });
    expect((await resolveRoute(app.db, ids.pothole!, ids.inD9!))?.unitId).toBe(ids['district-9-roads']);
    expect((await resolveRoute(app.db, ids['garbage-collection']!, ids.jalaliyeh!))?.unitId).toBe(
      ids['district-5-waste'],
    );
  });

  it('sends a category without a district route to its city-wide unit; hazards count calendar hours', async () => {
    const lights = await resolveRoute(app.db, ids['street-lights']!, ids.jalaliyeh!);
    expect(lights).toEqual({ unitId: ids['power-liaison'], deadlineHours: 48, basis: 'working', hazard: false });
    // Without a neighbourhood there is no district: the category's own unit.
    expect((await resolveRoute(app.db, ids.pothole!, null))?.unitId).toBe(ids.roads);
    const manhole = await idOf('categories', 'code', 'open-manhole');
    expect(await resolveRoute(app.db, manhole, ids.jalaliyeh!)).toMatchObject({ basis: 'calendar', hazard: true });
    expect(await resolveRoute(app.db, 999_999, ids.jalaliyeh!)).toBeNull();
  });

  it('prefers a city-wide route over the category unit, and a district route over both', async () => {
    const put = await call<{ id: number; districtId: number | null }>('admin', 'PUT', '/unit-routes', {
      categoryId: ids['tree-pruning'],
      districtId: null,
      unitId: ids['district-5-waste'],
    });
    expect(put.status).toBe(200);
    expect((await resolveRoute(app.db, ids['tree-pruning']!, ids.inD9!))?.unitId).toBe(ids['district-5-waste']);
    const d5 = await call<{ id: number }>('admin', 'PUT', '/unit-routes', {
      categoryId: ids['tree-pruning'],
      districtId: ids.d5,
      unitId: ids['district-5-roads'],
    });
    expect((await resolveRoute(app.db, ids['tree-pruning']!, ids.jalaliyeh!))?.unitId).toBe(ids['district-5-roads']);
    expect((await resolveRoute(app.db, ids['tree-pruning']!, ids.inD9!))?.unitId).toBe(ids['district-5-waste']);

    // Setting the same key again moves the route; it does not add a second one.
    const again = await call<{ id: number; unitId: number }>('admin', 'PUT', '/unit-routes', {
      categoryId: ids['tree-pruning'],
      districtId: null,
      unitId: ids.parks,
    });
    expect(again.body).toEqual({
      id: put.body.id,
      categoryId: ids['tree-pruning'],
      districtId: null,
      unitId: ids.parks,
    });
    const listed = await call<{ routes: unknown[] }>(
      'supervisor',
      'GET',
      `/unit-routes?categoryId=${ids['tree-pruning']}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.routes).toHaveLength(2);
    expect((await call('operator', 'GET', '/unit-routes')).status).toBe(403);
    expect(
      (await call('supervisor', 'PUT', '/unit-routes', { categoryId: 1, districtId: null, unitId: 1 })).status,
    ).toBe(403);
    expect(
      (await call('admin', 'PUT', '/unit-routes', { categoryId: ids.pothole, districtId: 999_999, unitId: ids.roads }))
        .status,
    ).toBe(400);

    expect((await call('admin', 'DELETE', `/unit-routes/${d5.body.id}`)).status).toBe(204);
    expect((await call('admin', 'DELETE', `/unit-routes/${d5.body.id}`)).status).toBe(404);
    expect((await resolveRoute(app.db, ids['tree-pruning']!, ids.jalaliyeh!))?.unitId).toBe(ids.parks);
    const audit = await q<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'unit-route-%'`);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'unit-route-deleted',
      'unit-route-set',
      'unit-route-set',
      'unit-route-set',
    ]);
  });

  it('reads the chain, working hours and names other domains build on', async () => {
    expect(await unitChain(app.db, ids['district-5-roads']!)).toEqual([
      ids['district-5-roads'],
      ids['district-5-technical'],
      ids['district-5'],
    ]);
    expect(await unitChain(app.db, 999_999)).toEqual([]);
    expect(await workingHoursOf(app.db, ids['district-5-roads']!)).toEqual({
      workDays: [6, 0, 1, 2, 3],
      workStart: '07:30',
      workEnd: '14:30',
    });
    expect(await unitNames(app.db, ids['district-5-roads']!)).toEqual({
      nameFa: 'منطقه ۵ — معابر',
      nameEn: 'District 5 — Roads',
    });
    expect(await unitExists(app.db, ids['district-5-roads']!)).toBe(true);
    expect(await unitExists(app.db, 999_999)).toBe(false);
  });
});
