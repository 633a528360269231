// Bad input gets a clear 400 and loses nothing: days that do not exist in the calendar and NUL
// characters in text (PostgreSQL refuses both, which was a 500), and CR/LF in a display name given
// to user:create. Also the looks at citizens' data that were not on record: a call's record by id
// (it names the caller) and the duplicate look-up.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator, hangUpBoth } from '../../helpers/calls.ts';
import { api, login } from '../../helpers/http.ts';
import { finishedCall } from '../../helpers/records.ts';
import { setState, signIn, type Operator } from '../../helpers/operators.ts';

type ErrorBody = { error: { code: string; message: string; details?: { fields: Array<{ field: string }> } } };
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('bad input', () => {
  let app: TestApp;
  let sup: string;
  let op: Operator;
  let categoryId: string;

  beforeAll(async () => {
    app = await startTestApp();
    sup = await login(app.url, 'supervisor1');
    op = await signIn(app, 'operator1');
    const cats = await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
      app.url,
      op.cookie,
      'GET',
      '/api/v1/categories',
    );
    categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each([
    ['/api/v1/kpis?date=2026-02-31', 'date'],
    ['/api/v1/kpis?from=2026-02-31T08:00:00Z', 'from'],
    ['/api/v1/kpis?to=2026-13-01', 'to'],
    ['/api/v1/roster?date=2026-02-30', 'date'],
    ['/api/v1/shifts/handover?date=2026-04-31', 'date'],
    ['/api/v1/scores?from=2026-02-29', 'from'],
    ['/api/v1/scores/weeks?to=2025-06-31', 'to'],
  ])('GET %s: 400 naming the field, not 500', async (url, field) => {
    const r = await api<ErrorBody>(app.url, sup, 'GET', url);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    expect(r.body.error.message).toMatch(new RegExp(`${field}: .*(exist|calendar)`));
    expect(r.body.error.details?.fields.map((f) => f.field)).toEqual([field]);
  });

  it('still takes real days, a leap day included', async () => {
    expect((await api(app.url, sup, 'GET', '/api/v1/kpis?date=2028-02-29')).status).toBe(200);
    expect((await api(app.url, sup, 'GET', '/api/v1/roster?date=2026-02-28')).status).toBe(200);
  });

  it('refuses a NUL character in any text field with 400 naming the field, and stores nothing', async () => {
    const count = async () =>
      Number((await app.db.query<{ n: string }>('SELECT count(*) AS n FROM requests')).rows[0]!.n);
    const before = await count();
    const reg = await api<ErrorBody>(app.url, op.cookie, 'POST', '/api/v1/requests', {
      phone: '09121110000',
      categoryId,
      description: 'چاله\u0000 در خیابان',
    });
    expect(reg.status).toBe(400);
    expect(reg.body.error.message).toMatch(/description: must not contain a NUL character/);
    const nested = await api<ErrorBody>(app.url, op.cookie, 'POST', '/api/v1/requests', {
      phone: '09121110000',
      categoryId,
      description: 'ok',
      address: 'x\u0000',
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details?.fields.map((f) => f.field)).toEqual(['address']);
    const search = await api<ErrorBody>(app.url, op.cookie, 'GET', '/api/v1/requests?phone=0912%00');
    expect(search.status).toBe(400);
    const signIn = await api<ErrorBody>(app.url, null, 'POST', '/api/v1/auth/login', {
      username: 'operator1\u0000',
      password: 'demo137',
    });
    expect(signIn.status).toBe(400);
    expect(await count()).toBe(before);
    // A good request right after is stored as usual.
    const ok = await api(app.url, op.cookie, 'POST', '/api/v1/requests', {
      phone: '09121110000',
      categoryId,
      description: 'چاله در خیابان',
    });
    expect(ok.status).toBe(201);
  });

  it("audits a look at a call's record and at the duplicates of a place", async () => {
    const rows = async (action: string) =>
      (await app.db.query<{ target: string }>(`SELECT target FROM audit_log WHERE action = $1 ORDER BY id`, [action]))
        .rows;
    await setState(app, op, 'ready');
    const linkedid = await callReachingOperator(app, '09121110000', '1001');
    await hangUpBoth(app, '1001', linkedid);
    const call = await finishedCall(app, linkedid);
    const got = await api<Record<string, unknown>>(app.url, sup, 'GET', `/api/v1/calls/${call.id}`);
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('caller_raw');
    expect(await rows('call-viewed')).toEqual([{ target: `call:${call.id}` }]);

    const dup = await api(app.url, op.cookie, 'GET', `/api/v1/requests/duplicates?categoryId=${categoryId}`);
    expect(dup.status).toBe(200);
    expect(await rows('duplicates-viewed')).toEqual([{ target: `category:${categoryId}` }]);
  });
});

describe('user:create', () => {
  const run = (displayName: string) =>
    promisify(execFile)(
      `${ROOT}node_modules/.bin/tsx`,
      ['scripts/create-user.ts', '--username', 'zahra', '--display-name', displayName, '--role', 'admin'],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } },
    ).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );

  it('refuses CR/LF and other control characters in a display name, before touching any database', async () => {
    for (const bad of ['Zahra\r\nrole: admin', 'Zahra\nAhmadi', 'Zahra\tAhmadi']) {
      const r = await run(bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--display-name: one line, without control characters/);
    }
    // A good name gets past the check (and stops at the missing DATABASE_URL).
    const ok = await run('زهرا احمدی');
    expect(ok.code).toBe(2);
    expect(ok.stderr).toMatch(/DATABASE_URL is not set/);
  });
});
