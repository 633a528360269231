import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser, type Role } from '../../../src/auth/index.ts';
import { resolveRoute, unitUsers, type UnitView } from '../../../src/units/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

// The admin's changes to the units tree and its members, through the real app: created, patched,
// a cycle refused, members replaced (unit roles only), every change audited, others refused.

let app: TestApp;
const cookie: Record<string, string> = {};
const users: Record<string, string> = {};
const ids: Record<string, number> = {};

const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const call = <T = unknown>(who: string, method: string, path: string, body?: unknown) =>
  api<T>(app.url, cookie[who] ?? null, method, `/api/v1${path}`, body);
const unitId = async (code: string) => (await q<{ id: number }>(`SELECT id FROM units WHERE code = $1`, [code]))[0]!.id;

async function addUser(username: string, role: Role): Promise<void> {
  const passwordHash = await hashPassword('demo137');
  users[username] = await upsertUser(app.db, { username, displayName: `${username} name`, role, passwordHash });
}

beforeAll(async () => {
  app = await startTestApp();
  await addUser('waste5-staff', 'unit');
  await addUser('waste5-boss', 'unit-manager');
  for (const [who, username] of Object.entries({
    admin: 'admin',
    supervisor: 'supervisor1',
    operator: 'operator1',
    unit: 'waste5-staff',
  }))
    cookie[who] = await login(app.url, username);
  for (const code of ['district-5', 'district-5-services', 'district-5-waste']) ids[code] = await unitId(code);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const newUnit = {
  code: 'district-5-parks',
  nameFa: 'منطقه ۵ — فضای سبز',
  nameEn: 'District 5 — Parks',
  kind: 'unit',
  workDays: [6, 0, 1, 2, 3, 4],
  workStart: '08:00',
  workEnd: '16:00',
  escalateAfterHours: 8,
  position: 3,
};

describe('POST and PATCH /api/v1/units', () => {
  it('creates a unit under a department, audited, and shows it in the tree', async () => {
    const res = await call<UnitView>('admin', 'POST', '/units', { ...newUnit, parentId: ids['district-5-services'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...newUnit, parentId: ids['district-5-services'], active: true, managers: [] });
    ids.parks = res.body.id;
    const tree = (await call<{ units: UnitView[] }>('unit', 'GET', '/units')).body.units;
    const services = tree.find((u) => u.code === 'district-5')!.children.find((c) => c.code === 'district-5-services')!;
    expect(services.children.map((c) => c.code)).toEqual(['district-5-waste', 'district-5-parks']);
    const audit = await q<{ target: string }>(`SELECT target FROM audit_log WHERE action = 'unit-created'`);
    expect(audit).toEqual([{ target: `unit:${ids.parks}` }]);
  });

  it('refuses a taken code, bad hours, an unknown parent and a non-admin', async () => {
    expect((await call('admin', 'POST', '/units', newUnit)).status).toBe(409);
    const late = await call('admin', 'POST', '/units', {
      ...newUnit,
      code: 'late',
      workStart: '15:00',
      workEnd: '09:00',
    });
    expect(late.status).toBe(400);
    expect((await call('admin', 'POST', '/units', { ...newUnit, code: 'orphan', parentId: 999_999 })).status).toBe(400);
    expect((await call('admin', 'POST', '/units', { ...newUnit, code: 'odd', kind: 'team' })).status).toBe(400);
    for (const who of ['supervisor', 'operator', 'unit']) {
      expect((await call(who, 'POST', '/units', { ...newUnit, code: `by-${who}` })).status, who).toBe(403);
      expect((await call(who, 'PATCH', `/units/${ids.parks}`, { nameEn: 'x' })).status, who).toBe(403);
    }
    expect((await q(`SELECT 1 FROM units WHERE code IN ('late', 'orphan', 'odd', 'by-supervisor')`)).length).toBe(0);
  });

  it('patches fields, audited', async () => {
    const res = await call<UnitView>('admin', 'PATCH', `/units/${ids.parks}`, {
      nameEn: 'District 5 — Parks and trees',
      workEnd: '15:00',
      escalateAfterHours: 12,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ nameEn: 'District 5 — Parks and trees', workStart: '08:00', workEnd: '15:00' });
    expect((await call('admin', 'PATCH', `/units/${ids.parks}`, { workStart: '15:30' })).status).toBe(400);
    expect((await call('admin', 'PATCH', '/units/999999', { nameEn: 'Nobody' })).status).toBe(404);
    expect((await call('admin', 'PATCH', `/units/${ids.parks}`, {})).status).toBe(400);
    const audit = await q(`SELECT 1 FROM audit_log WHERE action = 'unit-updated' AND target = $1`, [
      `unit:${ids.parks}`,
    ]);
    expect(audit).toHaveLength(1);
  });

  it('refuses a parent that would close a cycle in the tree', async () => {
    const own = await call<{ error: { code: string } }>('admin', 'PATCH', `/units/${ids['district-5']}`, {
      parentId: ids['district-5'],
    });
    expect([own.status, own.body.error.code]).toEqual([409, 'UNIT_CYCLE']);
    const grandchild = await call<{ error: { code: string } }>('admin', 'PATCH', `/units/${ids['district-5']}`, {
      parentId: ids['district-5-waste'],
    });
    expect([grandchild.status, grandchild.body.error.code]).toEqual([409, 'UNIT_CYCLE']);
    expect(
      (await q<{ parent_id: number | null }>(`SELECT parent_id FROM units WHERE id = $1`, [ids['district-5']]))[0],
    ).toEqual({ parent_id: null });
    // Moving a leaf elsewhere is fine.
    const moved = await call<UnitView>('admin', 'PATCH', `/units/${ids.parks}`, { parentId: ids['district-5'] });
    expect([moved.status, moved.body.parentId]).toEqual([200, ids['district-5']]);
  });

  it('a deactivated unit is passed over by routing', async () => {
    const pothole = (await q<{ id: number }>(`SELECT id FROM categories WHERE code = 'garbage-collection'`))[0]!.id;
    const jalaliyeh = (await q<{ id: number }>(`SELECT id FROM neighbourhoods WHERE name_en = 'Jalaliyeh'`))[0]!.id;
    expect((await resolveRoute(app.db, pothole, jalaliyeh))?.unitId).toBe(ids['district-5-waste']);
    expect((await call('admin', 'PATCH', `/units/${ids['district-5-waste']}`, { active: false })).status).toBe(200);
    // The category's own unit (the city-wide waste organisation) takes it instead.
    expect((await resolveRoute(app.db, pothole, jalaliyeh))?.unitId).toBe(await unitId('waste'));
    expect((await call('admin', 'PATCH', `/units/${ids['district-5-waste']}`, { active: true })).status).toBe(200);
  });
});

describe('GET and PUT /api/v1/units/:id/members', () => {
  const members = (id: number) =>
    call<{ members: { userId: string; role: string }[] }>('admin', 'GET', `/units/${id}/members`);

  it('replaces the members with unit users only, audited, and shows managers in the tree', async () => {
    const waste = ids['district-5-waste']!;
    // The demo's own member of this unit (unit-waste5) is taken out, so the unit starts empty.
    await q(`DELETE FROM unit_members WHERE unit_id = $1`, [waste]);
    const operator = (await q<{ id: string }>(`SELECT id::text FROM users WHERE username = 'operator1'`))[0]!.id;
    const wrong = await call('admin', 'PUT', `/units/${waste}/members`, { userIds: [users['waste5-staff'], operator] });
    expect(wrong.status).toBe(400);
    expect((await call('admin', 'PUT', `/units/${waste}/members`, { userIds: ['999999'] })).status).toBe(400);
    expect((await members(waste)).body.members).toEqual([]);

    const both = [users['waste5-staff']!, users['waste5-boss']!];
    const put = await call<{ members: { userId: string }[] }>('admin', 'PUT', `/units/${waste}/members`, {
      userIds: both,
    });
    expect(put.status).toBe(200);
    expect(put.body.members.map((m) => m.userId).sort()).toEqual([...both].sort());
    const got = await members(waste);
    expect(got.body.members).toContainEqual({
      userId: users['waste5-boss'],
      username: 'waste5-boss',
      displayName: 'waste5-boss name',
      role: 'unit-manager',
    });
    // The session follows membership at once: the unit user now works for the waste unit.
    const me = await call<{ user: { unitIds: number[] } }>('unit', 'GET', '/auth/me');
    expect(me.body.user.unitIds).toEqual([waste]);
    const tree = (await call<{ units: UnitView[] }>('unit', 'GET', '/units')).body.units;
    const unit = tree.find((u) => u.code === 'district-5')!.children[1]!.children[0]!;
    expect(unit.managers).toEqual([{ id: users['waste5-boss'], displayName: 'waste5-boss name' }]);
    expect(await unitUsers(app.db, [waste], ['unit-manager'])).toEqual([
      { id: users['waste5-boss'], displayName: 'waste5-boss name', email: null, role: 'unit-manager', unitId: waste },
    ]);

    // Replacing again removes who is not listed.
    await call('admin', 'PUT', `/units/${waste}/members`, { userIds: [users['waste5-boss']] });
    expect((await members(waste)).body.members.map((m) => m.userId)).toEqual([users['waste5-boss']]);
    expect(await unitUsers(app.db, [waste], ['unit', 'unit-manager'])).toHaveLength(1);
    const audit = await q<{ action: string; details: { added: string[]; removed: string[] } }>(
      `SELECT action, details FROM audit_log WHERE action LIKE 'unit-members-%' AND target = $1 ORDER BY id`,
      [`unit:${waste}`],
    );
    expect(audit.map((a) => a.action)).toContain('unit-members-viewed');
    expect(audit.filter((a) => a.action === 'unit-members-replaced').map((a) => a.details)).toEqual([
      { added: expect.arrayContaining(both), removed: [] },
      { added: [], removed: [users['waste5-staff']] },
    ]);
  });

  it('refuses non-admins and unknown units', async () => {
    const waste = ids['district-5-waste']!;
    for (const who of ['supervisor', 'operator', 'unit']) {
      expect((await call(who, 'GET', `/units/${waste}/members`)).status, who).toBe(403);
      expect((await call(who, 'PUT', `/units/${waste}/members`, { userIds: [] })).status, who).toBe(403);
    }
    expect((await call('admin', 'GET', '/units/999999/members')).status).toBe(404);
    expect((await call('admin', 'PUT', '/units/999999/members', { userIds: [] })).status).toBe(404);
  });
});
