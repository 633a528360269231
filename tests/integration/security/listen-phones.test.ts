import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { amiActions } from '../../helpers/emulator-control.ts';
import { api, login } from '../../helpers/http.ts';
import { setState } from '../../helpers/operators.ts';

// Issue 11, security 3: listen/whisper/barge ring only a supervisor phone from the admins' list
// (demo: PJSIP/2001 on pbx1 for every supervisor) — never an outside number, never an operator's.

type Err = { error: { code: string } };

describe("supervisors' phone list", () => {
  let app: TestApp;
  let sup: string;
  let admin: string;
  let opId: string;

  beforeAll(async () => {
    app = await startTestApp();
    [sup, admin] = await Promise.all([login(app.url, 'supervisor1'), login(app.url, 'admin')]);
    opId = app.directory.byInterface('PJSIP/1001')!.id;
    await setState(app, { cookie: await login(app.url, 'operator1') }, 'ready');
  });
  afterAll(async () => {
    await app?.close();
  });

  const setPhone = (cookie: string, iface: string) =>
    api<Err>(app.url, cookie, 'PUT', '/api/v1/supervision/me/phone', { interface: iface });
  const audit = async (action: string) =>
    (await app.db.query(`SELECT target, details FROM audit_log WHERE action = $1 ORDER BY id`, [action])).rows;
  const originates = async () => (await amiActions(app, 'Originate')).length;

  it('refuses an outside number, a dial string and another operator’s phone; accepts the listed phone', async () => {
    expect((await setPhone(sup, 'Local/00989121234567@from-trunk')).status).toBe(400);
    expect((await setPhone(sup, 'PJSIP/2001@pbx1')).status).toBe(400);
    const operatorPhone = await setPhone(sup, 'PJSIP/1002');
    expect(operatorPhone.status).toBe(403);
    expect(operatorPhone.body.error.code).toBe('PHONE_NOT_ALLOWED');
    expect((await setPhone(sup, 'PJSIP/2002')).body.error.code).toBe('PHONE_NOT_ALLOWED'); // not listed
    expect((await setPhone(sup, 'PJSIP/2001')).status).toBe(200);
    const listen = await api(app.url, sup, 'POST', `/api/v1/supervision/${opId}/listen`);
    expect(listen.status).toBe(202);
    const sent = await amiActions(app, 'Originate');
    expect(sent.at(-1)!.fields).toMatchObject({ Channel: 'PJSIP/2001', Application: 'ChanSpy' });
  });

  it('admins keep the list (audited); an operator phone or unknown server cannot be listed; supervisors cannot edit', async () => {
    expect((await api(app.url, sup, 'PUT', '/api/v1/supervision/phones/pbx1/2002', {})).status).toBe(403);
    const opPhone = await api<Err>(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx1/1002', {});
    expect(opPhone.status).toBe(409);
    expect(opPhone.body.error.code).toBe('OPERATOR_PHONE');
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx9/2002', {})).status).toBe(400);
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx1/20x', {})).status).toBe(400);
    expect(
      (await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx1/2002', { user: 'operator1' })).status,
    ).toBe(400);
    // 2002 is the admin's own: the supervisor may not pick it, the admin may.
    expect((await api(app.url, admin, 'PUT', '/api/v1/supervision/phones/pbx1/2002', { user: 'admin' })).status).toBe(
      204,
    );
    expect(await audit('supervisor-extension-set')).toEqual([
      { target: 'phone:pbx1/2002', details: { serverId: 'pbx1', extension: '2002', user: 'admin' } },
    ]);
    expect((await setPhone(sup, 'PJSIP/2002')).status).toBe(403);
    expect((await setPhone(admin, 'PJSIP/2002')).status).toBe(200);
    const supList = await api<Array<{ extension: string }>>(app.url, sup, 'GET', '/api/v1/supervision/phones');
    expect(supList.body.map((e) => e.extension)).toEqual(['2001']);
    const all = await api<Array<{ extension: string; username: string | null }>>(
      app.url,
      admin,
      'GET',
      '/api/v1/supervision/phones',
    );
    expect(all.body.map((e) => [e.extension, e.username])).toEqual([
      ['2001', null],
      ['2002', 'admin'],
    ]);
  });

  it('a phone taken off the list, or a stored one that was never allowed, rings nothing', async () => {
    expect((await api(app.url, admin, 'DELETE', '/api/v1/supervision/phones/pbx1/2002')).status).toBe(204);
    expect(await audit('supervisor-extension-removed')).toHaveLength(1);
    const before = await originates();
    const removed = await api<Err>(app.url, admin, 'POST', `/api/v1/supervision/${opId}/whisper`);
    expect(removed.status).toBe(403);
    expect(removed.body.error.code).toBe('PHONE_NOT_ALLOWED');
    // A row from before the list existed (the attack of issue 11): refused at ring time too.
    await app.db.query(
      `UPDATE supervisor_phones SET interface = 'Local/00989121234567@from-trunk'
        WHERE user_id = (SELECT id FROM users WHERE username = 'supervisor1')`,
    );
    expect((await api(app.url, sup, 'POST', `/api/v1/supervision/${opId}/barge`)).status).toBe(403);
    expect(await originates()).toBe(before);
    expect((await api(app.url, admin, 'DELETE', '/api/v1/supervision/phones/pbx1/2002')).status).toBe(404);
  });
});
