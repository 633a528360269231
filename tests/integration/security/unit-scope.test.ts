// A unit's people see only their units' requests and never a phone number, route by route,
// through the real app: a District 5 roads user against a District 9 request, and every answer
// they get searched for the citizens' numbers (in any digits, with any spacing).
import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../../src/auth/index.ts';
import { listRoutes } from '../../../src/http/index.ts';
import { toLatinDigits } from '../../../src/shared/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

let app: TestApp;
const c: Record<'operator' | 'supervisor' | 'roads5' | 'roads9', string> = {
  operator: '',
  supervisor: '',
  roads5: '',
  roads9: '',
};
let r5: { id: string; trackingCode: string };
let r9: { id: string; trackingCode: string };
let d9Unit: number;

// The significant digits of every number the citizens gave, in the registration, the description,
// a note and a linked reporter.
const PHONES = ['9151234567', '9358887766', '9125554433', '9017778899'];

function assertNoPhone(text: string): void {
  const flat = toLatinDigits(text).replace(/[\s\-.()]/g, '');
  for (const p of PHONES) expect(flat, `phone ${p} in ${text.slice(0, 300)}`).not.toContain(p);
  expect(flat).not.toMatch(/\+98\d/);
}

const call = (who: keyof typeof c, method: string, path: string, body?: unknown) =>
  api<Record<string, unknown>>(app.url, c[who], method, `/api/v1${path}`, body);

async function unitUser(username: string, role: 'unit' | 'unit-manager', unitCode: string): Promise<string> {
  const id = await upsertUser(app.db, {
    username,
    displayName: `${username} user`,
    role,
    passwordHash: await argon2.hash('unit-pass-137'),
  });
  await app.db.query(`INSERT INTO unit_members (user_id, unit_id) SELECT $1, id FROM units WHERE code = $2`, [
    id,
    unitCode,
  ]);
  return login(app.url, username, 'unit-pass-137');
}

async function register(hood: string, phone: string, description: string) {
  const q = await app.db.query<{ c: number; n: number }>(
    `SELECT (SELECT id FROM categories WHERE code = 'pothole') AS c, (SELECT id FROM neighbourhoods WHERE name_en = $1) AS n`,
    [hood],
  );
  const res = await call('operator', 'POST', '/requests', {
    categoryId: q.rows[0]!.c,
    neighbourhoodId: q.rows[0]!.n,
    phone,
    citizenName: 'Maryam Karimi',
    description,
    address: 'Bakery lane, opposite no. 14',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; trackingCode: string };
}

beforeAll(async () => {
  app = await startTestApp();
  c.operator = await login(app.url, 'operator1');
  c.supervisor = await login(app.url, 'supervisor1');
  c.roads5 = await unitUser('roads5-test', 'unit', 'district-5-roads');
  c.roads9 = await unitUser('roads9-test', 'unit-manager', 'district-9-roads');
  d9Unit = (await app.db.query<{ id: number }>(`SELECT id FROM units WHERE code = 'district-9-roads'`)).rows[0]!.id;
  r5 = await register('Jalaliyeh', '0915 123 4567', 'Deep pothole; call me back on ۰۹۳۵ ۸۸۸ ۷۷۶۶ please');
  r9 = await register('Qasemabad', '09151234567', 'Pothole at the roundabout');
  await call('operator', 'POST', `/requests/${r5.id}/notes`, { text: "citizen's other number: 0912-555-4433" });
  expect((await call('operator', 'POST', `/requests/${r5.id}/reporters`, { phone: '09017778899' })).status).toBe(200);
}, 60_000);
afterAll(async () => app?.close());

describe('the test can tell', () => {
  it('the 137 staff do see the number the citizen wrote in the description', async () => {
    const res = await call('supervisor', 'GET', `/requests/${r5.id}`);
    expect(res.status).toBe(200);
    expect(() => assertNoPhone(JSON.stringify(res.body))).toThrow();
  });
});

/** Each /requests route as a unit user meets it. Every registered /requests route must have one. */
const CASES: Record<string, () => Promise<void>> = {
  'GET /api/v1/requests/:id': async () => {
    const own = await call('roads5', 'GET', `/requests/${r5.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: r5.id, citizenName: 'Maryam Karimi', address: expect.any(String) });
    expect(String(own.body.description)).toContain('Deep pothole');
    assertNoPhone(JSON.stringify(own.body));
    const other = await call('roads5', 'GET', `/requests/${r9.id}`);
    const unknown = await call('roads5', 'GET', '/requests/987654321');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(unknown.body); // another unit's request looks like no request at all
    expect((await call('roads9', 'GET', `/requests/${r9.id}`)).status).toBe(200);
    expect((await call('roads9', 'GET', `/requests/${r5.id}`)).status).toBe(404);
    const audit = await app.db.query(
      `SELECT 1 FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.username = 'roads5-test' AND a.action = 'request-viewed' AND a.target = $1`,
      [`request:${r5.id}`],
    );
    expect(audit.rowCount).toBeGreaterThan(0);
  },
  'GET /api/v1/requests': async () => {
    const list = await call('roads5', 'GET', '/requests');
    expect(list.status).toBe(200);
    const ids = (list.body.items as Array<{ id: string }>).map((i) => i.id);
    expect(ids).toContain(r5.id);
    expect(ids).not.toContain(r9.id);
    assertNoPhone(JSON.stringify(list.body));
    expect((await call('roads5', 'GET', `/requests?unitId=${d9Unit}`)).status).toBe(403);
    expect((await call('roads5', 'GET', `/requests?trackingCode=${r9.trackingCode}`)).status).toBe(403);
    expect((await call('roads5', 'GET', `/requests?trackingCode=${r5.trackingCode}`)).status).toBe(403);
    expect((await call('roads5', 'GET', '/requests?phone=09151234567')).status).toBe(403);
  },
  'GET /api/v1/requests/duplicates': async () => {
    const res = await call('roads5', 'GET', '/requests/duplicates?categoryId=1');
    expect(res.status).toBe(403);
  },
  'POST /api/v1/requests': async () => {
    const res = await call('roads5', 'POST', '/requests', { categoryId: 1, description: 'a unit registering' });
    expect(res.status).toBe(403);
  },
  'POST /api/v1/requests/bulk': async () => {
    const res = await call('roads5', 'POST', '/requests/bulk', { ids: [r9.id], action: 'refer', unitId: 1 });
    expect(res.status).toBe(403);
  },
  'POST /api/v1/requests/:id/reporters': async () => {
    expect((await call('roads5', 'POST', `/requests/${r5.id}/reporters`, { phone: '09121112233' })).status).toBe(403);
  },
  'POST /api/v1/requests/:id/referrals': async () => {
    expect((await call('roads5', 'POST', `/requests/${r5.id}/referrals`, { unitId: d9Unit })).status).toBe(403);
  },
  'POST /api/v1/requests/:id/notes': async () => {
    expect((await call('roads5', 'POST', `/requests/${r9.id}/notes`, { text: 'not ours' })).status).toBe(404);
    const own = await call('roads5', 'POST', `/requests/${r5.id}/notes`, { text: 'crew on the way' });
    expect(own.status).toBe(201);
    assertNoPhone(JSON.stringify(own.body));
  },
  'POST /api/v1/requests/:id/status': async () => {
    expect((await call('roads5', 'POST', `/requests/${r9.id}/status`, { status: 'in-progress' })).status).toBe(404);
    const own = await call('roads5', 'POST', `/requests/${r5.id}/status`, { status: 'in-progress' });
    expect(own.status).toBe(200);
    expect(own.body.status).toBe('in-progress');
    assertNoPhone(JSON.stringify(own.body));
    const closing = await call('roads5', 'POST', `/requests/${r5.id}/status`, { status: 'closed', note: 'done' });
    expect(closing.status).toBe(403);
  },
  'POST /api/v1/requests/:id/extensions': async () => {
    const body = { hours: 24, reason: 'asphalt plant closed' };
    expect((await call('roads5', 'POST', `/requests/${r9.id}/extensions`, body)).status).toBe(404);
    const own = await call('roads5', 'POST', `/requests/${r5.id}/extensions`, body);
    expect(own.status).toBe(201);
    assertNoPhone(JSON.stringify(own.body));
  },
  'POST /api/v1/requests/:id/attachments': async () => {
    const res = await fetch(`${app.url}/api/v1/requests/${r9.id}/attachments`, {
      method: 'POST',
      headers: { cookie: c.roads5, 'content-type': 'image/png' },
      body: Buffer.from('89504e470d0a1a0a', 'hex'),
    });
    expect(res.status).toBe(404);
  },
  // The citizen's answer and SMS to the citizen are the 137 centre's: a unit never reaches the citizen.
  'POST /api/v1/requests/:id/feedback': async () => {
    expect((await call('roads5', 'POST', `/requests/${r5.id}/feedback`, { resolved: true })).status).toBe(403);
  },
  // Correcting what came in from the web, SMS or Open311 is the 137 centre's triage work, not a unit's.
  'POST /api/v1/requests/:id/triage-fix': async () => {
    const body = { categoryId: 1, note: 'a unit re-routing' };
    expect((await call('roads5', 'POST', `/requests/${r5.id}/triage-fix`, body)).status).toBe(403);
  },
  'POST /api/v1/requests/:id/sms': async () => {
    expect((await call('roads5', 'POST', `/requests/${r5.id}/sms`, { template: 'registered' })).status).toBe(403);
  },
};

describe('a District 5 roads user, route by route', () => {
  it('every /requests route has a case here', () => {
    const routes = listRoutes(app.http)
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => / \/api\/v1\/requests/.test(r) && !r.startsWith('HEAD '));
    expect(routes).toContain('GET /api/v1/requests/:id');
    expect(routes.filter((r) => !(r in CASES))).toEqual([]);
  });

  for (const [route, check] of Object.entries(CASES)) it(route, check);

  it('reads the pick lists (categories, districts, templates)', async () => {
    for (const path of ['/categories', '/districts', '/templates']) {
      expect((await call('roads5', 'GET', path)).status).toBe(200);
    }
  });
});
