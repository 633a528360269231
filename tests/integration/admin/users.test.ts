import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUser } from '../../../src/admin/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator, hangUpBoth, live } from '../../helpers/calls.ts';
import { emulatorState } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { operatorState, setState, untilState, type Operator } from '../../helpers/operators.ts';
import { connected, deskSocket, disconnected } from '../../helpers/sockets.ts';

type Err = { error: { code: string; message: string } };

/** An admin manages users while cti137 runs: no restart between a change and its effect. */
describe('users admin', () => {
  let app: TestApp;
  let admin: string;
  let roads: number[];

  beforeAll(async () => {
    // PJSIP/1005 is a phone the emulator knows but no demo operator has: the new hire's.
    app = await startTestApp({}, { extraEndpoints: ['1005'] });
    admin = await login(app.url, 'admin');
    const r = await app.db.query<{ id: number }>(`SELECT id FROM units WHERE code LIKE '%-roads' ORDER BY id LIMIT 2`);
    roads = r.rows.map((x) => x.id);
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = <T = AdminUser>(method: string, path: string, body?: unknown, cookie = admin) =>
    api<T>(app.url, cookie, method, `/api/v1${path}`, body);
  const users = async () => (await call<{ users: AdminUser[] }>('GET', '/admin/users')).body.users;
  const byName = async (username: string) => (await users()).find((u) => u.username === username)!;
  /** An operator made here signs in with the password the admin gave them. */
  async function signIn(username: string, password = 'new-hire-137'): Promise<Operator> {
    const cookie = await login(app.url, username, password);
    const me = await api<{ user: { operatorId: string; extension: string } }>(
      app.url,
      cookie,
      'GET',
      '/api/v1/auth/me',
    );
    return { cookie, id: me.body.user.operatorId, endpoint: me.body.user.extension };
  }
  const isMember = async (iface: string) =>
    (await emulatorState(app)).queues.some((q) => q.members.some((m) => m.interface === iface));

  it('is for admins only', async () => {
    const some = { username: 'x-user', displayName: 'X', role: 'viewer', password: 'long-enough-1' };
    for (const who of ['operator1', 'supervisor1']) {
      const c = await login(app.url, who);
      expect((await call('GET', '/admin/users', undefined, c)).status).toBe(403);
      expect((await call('POST', '/admin/users', some, c)).status).toBe(403);
      expect((await call('PATCH', '/admin/users/1', { displayName: 'Y' }, c)).status).toBe(403);
      expect((await call('POST', '/admin/users/1/password', { password: 'long-enough-2' }, c)).status).toBe(403);
    }
    expect((await api(app.url, null, 'GET', '/api/v1/admin/users')).status).toBe(401);
    const list = await users();
    expect(list.find((u) => u.username === 'operator1')).toMatchObject({
      role: 'operator',
      extension: '1001',
      serverId: 'pbx1',
      disabled: false,
      unitIds: [],
    });
    expect(JSON.stringify(list)).not.toMatch(/argon2|password/i);
  });

  it('a new operator signs in, goes ready and takes a call without a restart', async () => {
    const created = await call('POST', '/admin/users', {
      username: 'Operator5',
      displayName: 'سارا نوری',
      role: 'operator',
      password: 'new-hire-137',
      extension: '1005',
      serverId: 'pbx1',
      email: 'sara@example.org',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'operator5',
      role: 'operator',
      extension: '1005',
      serverId: 'pbx1',
    });
    const op = await signIn('operator5');
    expect(op.endpoint).toBe('1005');
    expect(op.id).toBe(created.body.operatorId);
    const desk = deskSocket(app.url, op.cookie);
    await connected(desk);
    await setState(app, op, 'ready');
    expect(await isMember('PJSIP/1005')).toBe(true);
    // Nobody else is ready: the queue can only ring the new operator's phone.
    const channelId = await callReachingOperator(app, '09121112233', '1005');
    expect(live(app, channelId)?.memberInterface).toBe('PJSIP/1005');
    expect(app.directory.byInterface('PJSIP/1005', 'pbx1')?.username).toBe('operator5');
    await hangUpBoth(app, '1005', channelId);
    await untilState(app, op, 'ready', 'wrap-up');

    // Disabled: out of the queues at once, the desk closed, the session gone, no new sign-in.
    const gone = disconnected(desk, 5_000);
    const off = await call('PATCH', `/admin/users/${created.body.id}`, { disabled: true });
    expect(off.body).toMatchObject({ disabled: true, extension: '1005' });
    await gone;
    expect(operatorState(app, op)).toBe('logged-out');
    expect(await isMember('PJSIP/1005')).toBe(false);
    expect(app.directory.byId(op.id)).toBeUndefined();
    expect((await api(app.url, op.cookie, 'GET', '/api/v1/auth/me')).status).toBe(401);
    await expect(login(app.url, 'operator5', 'new-hire-137')).rejects.toThrow(/401/);
    desk.close();
  });

  it("gives a disabled operator's phone to a new hire, never an active one's", async () => {
    const taken = await call<Err>('POST', '/admin/users', {
      ...{ username: 'operator6', displayName: 'Six', role: 'operator', password: 'new-hire-137' },
      extension: '1001',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('EXTENSION_TAKEN');
    expect(taken.body.error.message).toContain('operator1');
    const six = await call('POST', '/admin/users', {
      ...{ username: 'operator6', displayName: 'Six', role: 'operator', password: 'new-hire-137' },
      extension: '1005',
    });
    expect(six.status).toBe(201);
    expect((await byName('operator5')).extension).toBeNull();
    const op = await signIn('operator6');
    await setState(app, op, 'ready');
    expect(app.directory.byInterface('PJSIP/1005', 'pbx1')?.username).toBe('operator6');
    const audit = await app.db.query(`SELECT details FROM audit_log WHERE action = 'user-created' AND target = $1`, [
      `user:${six.body.id}`,
    ]);
    expect(audit.rows[0].details).toMatchObject({ extension: '1005', phoneTakenFrom: 'operator5' });
    expect(JSON.stringify(audit.rows[0].details)).not.toContain('new-hire-137');

    // Made a supervisor: the phone goes back, the operator leaves the queues, the session ends.
    const sup = await call('PATCH', `/admin/users/${six.body.id}`, { role: 'supervisor' });
    expect(sup.body).toMatchObject({ role: 'supervisor', extension: null, serverId: null });
    expect(await isMember('PJSIP/1005')).toBe(false);
    expect(app.directory.byInterface('PJSIP/1005', 'pbx1')).toBeUndefined();
    expect((await api(app.url, op.cookie, 'GET', '/api/v1/auth/me')).status).toBe(401);
    const again = await login(app.url, 'operator6', 'new-hire-137');
    const me = await api<{ user: { role: string; operatorId: string | null } }>(
      app.url,
      again,
      'GET',
      '/api/v1/auth/me',
    );
    expect(me.body.user).toMatchObject({ role: 'supervisor', operatorId: null });
  });

  it('unit users belong to their units, which apply at their next request', async () => {
    const created = await call('POST', '/admin/users', {
      ...{ username: 'roads.one', displayName: 'کارشناس معابر', role: 'unit', password: 'unit-pass-137' },
      unitIds: [roads[0]],
    });
    expect(created.status).toBe(201);
    const cookie = await login(app.url, 'roads.one', 'unit-pass-137');
    const me = () => api<{ user: { role: string; unitIds: number[] } }>(app.url, cookie, 'GET', '/api/v1/auth/me');
    expect((await me()).body.user).toMatchObject({ role: 'unit', unitIds: [roads[0]] });
    const both = await call('PATCH', `/admin/users/${created.body.id}`, { role: 'unit-manager', unitIds: roads });
    expect(both.body.unitIds).toEqual(roads);
    // A new role is a new sign-in; the units follow it.
    expect((await me()).status).toBe(401);
    const c2 = await login(app.url, 'roads.one', 'unit-pass-137');
    const me2 = await api<{ user: { role: string; unitIds: number[] } }>(app.url, c2, 'GET', '/api/v1/auth/me');
    expect(me2.body.user).toMatchObject({ role: 'unit-manager', unitIds: roads });
    const fewer = await call('PATCH', `/admin/users/${created.body.id}`, { unitIds: [roads[1]] });
    expect(fewer.status).toBe(200);
    const me3 = await api<{ user: { unitIds: number[] } }>(app.url, c2, 'GET', '/api/v1/auth/me');
    expect(me3.body.user.unitIds).toEqual([roads[1]]);
    const none = await call<Err>('PATCH', `/admin/users/${created.body.id}`, { unitIds: [] });
    expect(none.body.error.code).toBe('UNITS_REQUIRED');
  });

  it('refuses what would leave someone half made', async () => {
    const base = { displayName: 'Someone', password: 'long-enough-1' };
    const code = async (body: object) =>
      (await call<Err>('POST', '/admin/users', { ...base, ...body })).body.error?.code;
    expect(await code({ username: 'op.nophone', role: 'operator' })).toBe('EXTENSION_REQUIRED');
    expect(await code({ username: 'op.far', role: 'operator', extension: '1009', serverId: 'pbx7' })).toBe(
      'UNKNOWN_SERVER',
    );
    expect(await code({ username: 'sup.phone', role: 'supervisor', extension: '1009' })).toBe('VALIDATION');
    expect(await code({ username: 'unit.none', role: 'unit' })).toBe('UNITS_REQUIRED');
    expect(await code({ username: 'unit.ghost', role: 'unit', unitIds: [999999] })).toBe('UNKNOWN_UNIT');
    expect(await code({ username: 'viewer.units', role: 'viewer', unitIds: roads })).toBe('VALIDATION');
    expect(await code({ username: 'operator1', role: 'viewer' })).toBe('USERNAME_TAKEN');
    expect(await code({ username: 'short.pw', role: 'viewer', password: 'short' })).toBe('VALIDATION');
    expect(await code({ username: 'x', role: 'viewer' })).toBe('VALIDATION');
    const me = (await byName('admin')).id;
    const self = await call<Err>('PATCH', `/admin/users/${me}`, { disabled: true });
    expect(self.body.error.code).toBe('SELF_LOCKOUT');
    expect((await call<Err>('PATCH', '/admin/users/999999', { displayName: 'Nobody' })).status).toBe(404);
  });

  it('a new password ends the sessions; the old one no longer opens', async () => {
    const viewer = await call('POST', '/admin/users', {
      ...{ username: 'viewer.two', displayName: 'Viewer', role: 'viewer', password: 'first-pass-1' },
    });
    const cookie = await login(app.url, 'viewer.two', 'first-pass-1');
    const set = await api(app.url, admin, 'POST', `/api/v1/admin/users/${viewer.body.id}/password`, {
      password: 'second-pass-2',
    });
    expect(set.status).toBe(204);
    expect((await api(app.url, cookie, 'GET', '/api/v1/auth/me')).status).toBe(401);
    await expect(login(app.url, 'viewer.two', 'first-pass-1')).rejects.toThrow(/401/);
    expect(await login(app.url, 'viewer.two', 'second-pass-2')).toMatch(/^cti137_session=/);
    const rows = await app.db.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [
      `user:${viewer.body.id}`,
    ]);
    expect(rows.rows.map((r) => r.action)).toEqual(['user-created', 'user-password-set']);
  });
});
