// The city's `manager` (the demo's manager1) reads what the 137 centre's supervisors and viewers
// read and changes nothing: every registered route is tried as a manager, a supervisor and a
// viewer, and the manager must pass exactly the reads one of them passes and no change at all.
// Personal data they open is audited as a supervisor's is; the wallboard socket lets them watch.
import argon2 from 'argon2';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../../src/auth/index.ts';
import { listRoutes } from '../../../src/http/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { connectOutcome } from '../../helpers/sockets.ts';

let app: TestApp;
const c = { manager: '', supervisor: '', viewer: '', operator: '', council: '' };
let request: { id: string; trackingCode: string };
let operatorId: string;

beforeAll(async () => {
  app = await startTestApp();
  await upsertUser(app.db, {
    username: 'viewer-m',
    displayName: 'Viewer',
    role: 'viewer',
    passwordHash: await argon2.hash('demo137'),
  });
  for (const [who, username] of [
    ['manager', 'manager1'],
    ['supervisor', 'supervisor1'],
    ['viewer', 'viewer-m'],
    ['operator', 'operator1'],
    ['council', 'council1'],
  ] as const)
    c[who] = await login(app.url, username);
  operatorId = app.directory.byInterface('PJSIP/1001')!.id;
  const cat = await app.db.query<{ id: number }>(`SELECT id FROM categories WHERE code = 'pothole'`);
  const res = await api(app.url, c.operator, 'POST', '/api/v1/requests', {
    categoryId: cat.rows[0]!.id,
    phone: '09151112233',
    citizenName: 'Reza Tavakoli',
    description: 'A pothole at the bus stop',
  });
  expect(res.status).toBe(201);
  request = res.body as typeof request;
}, 60_000);
afterAll(async () => app?.close());

const concrete = (url: string) =>
  url
    .replace(/\/operators\/:id/, `/operators/${operatorId}`)
    .replace(':operatorId', operatorId)
    .replace(':lang', 'fa')
    .replace(/:[a-zA-Z]+/g, '999999');

async function status(who: keyof typeof c, method: string, url: string): Promise<number> {
  const withBody = method !== 'GET' && !url.includes('/survey/prompts/');
  const res = await app.http.inject({
    method: method as 'GET',
    url: concrete(url),
    headers: { cookie: c[who], ...(withBody ? { 'content-type': 'application/json' } : {}) },
    ...(withBody ? { payload: '{}' } : {}),
  });
  return res.statusCode;
}

const passed = (s: number) => s !== 401 && s !== 403;
/** The sign-in and sign-out are anyone's (and a sign-out would end the session the rest use). */
const PUBLIC = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);

describe('the manager role', () => {
  const apiRoutes = () =>
    listRoutes(app.http)
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => r.split(' ')[1]!.startsWith('/api/v1/') && !PUBLIC.has(r));

  it('is refused every change (403), whoever else may make it', async () => {
    const changes = apiRoutes().filter((r) => !r.startsWith('GET '));
    expect(changes.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    for (const route of changes) {
      const [method, url] = route.split(' ') as [string, string];
      const s = await status('manager', method, url);
      if (s !== 403) wrong.push(`${route}: ${s}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads exactly what a supervisor or a viewer reads', async () => {
    const reads = apiRoutes().filter((r) => r.startsWith('GET '));
    const wrong: string[] = [];
    let allowed = 0;
    for (const route of reads) {
      const url = route.slice(4);
      const [m, s, v] = await Promise.all([
        status('manager', 'GET', url),
        status('supervisor', 'GET', url),
        status('viewer', 'GET', url),
      ]);
      const expected = passed(s) || passed(v);
      if (passed(m) !== expected || m >= 500) wrong.push(`${route}: manager ${m}, supervisor ${s}, viewer ${v}`);
      if (expected) allowed += 1;
    }
    expect(wrong).toEqual([]);
    expect(allowed).toBeGreaterThan(20);
    // Admin-only reads stay admin-only.
    expect(await status('manager', 'GET', '/api/v1/admin/users')).toBe(403);
  });

  it('sees a request in full like a supervisor, cannot act on it, and the look is audited', async () => {
    const res = await api<Record<string, unknown>>(app.url, c.manager, 'GET', `/api/v1/requests/${request.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ citizenName: 'Reza Tavakoli', allowedNext: [] });
    const lookup = await api(app.url, c.manager, 'GET', '/api/v1/requests?phone=09151112233');
    expect(lookup.status).toBe(200);
    const audit = await app.db.query<{ action: string }>(
      `SELECT a.action FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.username = 'manager1' ORDER BY a.id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['request-viewed', 'citizen-history-viewed']),
    );
    const note = await api(app.url, c.manager, 'POST', `/api/v1/requests/${request.id}/notes`, { text: 'hello' });
    expect(note.status).toBe(403);
  });

  it('may watch the wallboard (its snapshot), never the desk; a council member neither', async () => {
    const open = (ns: string, cookie: string): Socket =>
      ioClient(`${app.url}${ns}`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
    const wb = open('/wallboard', c.manager);
    expect(await connectOutcome(wb)).toBe('connected');
    const ack = (await wb.timeout(5000).emitWithAck('snapshot')) as { ok: boolean };
    expect(ack.ok).toBe(true);
    wb.close();
    const desk = open('/desk', c.manager);
    expect(await connectOutcome(desk)).toMatch(/^FORBIDDEN/);
    desk.close();
    const council = open('/wallboard', c.council);
    expect(await connectOutcome(council)).toMatch(/^FORBIDDEN/);
    council.close();
  });
});
