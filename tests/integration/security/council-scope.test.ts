// A neighbourhood council member (the demo's council1: Jalaliyeh, Rezaiyeh, Mehrabad of District 5)
// route by route through the real app: every registered route either refuses them (403) or, where
// a council may read, answers with nothing of a person (no phone number in any digits or spacing,
// no citizen's name, no photo) and nothing of another neighbourhood; every look is audited.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../../src/http/index.ts';
import { toLatinDigits } from '../../../src/shared/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';

let app: TestApp;
const c = { council: '', operator: '', supervisor: '' };
let inside: { id: string; trackingCode: string };
let outside: { id: string; trackingCode: string };
let otherHood: number;

const NAME = 'شهرزاد میرباقری';
// The citizen wrote her name herself too, with the Arabic yeh a keyboard gives (ي for ی).
const NAME_TYPED = 'شهرزاد ميرباقري';
// The significant digits of every number the citizens gave (registration, description, note, reporter).
const PHONES = ['9151234567', '9358887766', '9125554433', '9017778899'];

/** An Iranian mobile in Latin or Persian digits, with 0, 0098 or +98 and any spacing, or a seeded number. */
function assertNothingPersonal(text: string, where: string): void {
  const latin = toLatinDigits(text);
  const flat = latin.replace(/[\s\-.()\u200c]/g, '');
  for (const p of PHONES) expect(flat, `phone ${p} in ${where}`).not.toContain(p);
  expect(latin, `a mobile number in ${where}`).not.toMatch(/(?:\+98|0098|(?<!\d)0)[\s\-.]*9(?:[\s\-.]*\d){9}/);
  expect(latin, `+98 in ${where}`).not.toMatch(/\+\s*98/);
  expect(text, `the citizen's name in ${where}`).not.toMatch(/میرباقری|ميرباقري|شهرزاد/);
}

const call = (who: keyof typeof c, method: string, path: string, body?: unknown) =>
  api<Record<string, unknown>>(app.url, c[who], method, `/api/v1${path}`, body);

async function register(hood: string, phone: string, citizenName: string, description: string) {
  const q = await app.db.query<{ c: number; n: number }>(
    `SELECT (SELECT id FROM categories WHERE code = 'pothole') AS c, (SELECT id FROM neighbourhoods WHERE name_en = $1) AS n`,
    [hood],
  );
  const res = await call('operator', 'POST', '/requests', {
    categoryId: q.rows[0]!.c,
    neighbourhoodId: q.rows[0]!.n,
    phone,
    citizenName,
    description,
    address: 'Bakery lane, opposite no. 14',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; trackingCode: string };
}

const audited = async (action: string) =>
  (
    await app.db.query(
      `SELECT 1 FROM audit_log a JOIN users u ON u.id = a.user_id WHERE u.username = 'council1' AND a.action = $1`,
      [action],
    )
  ).rowCount ?? 0;

beforeAll(async () => {
  app = await startTestApp();
  c.council = await login(app.url, 'council1');
  c.operator = await login(app.url, 'operator1');
  c.supervisor = await login(app.url, 'supervisor1');
  inside = await register('Jalaliyeh', '0915 123 4567', NAME, `${NAME_TYPED}: call me on ۰۹۳۵ ۸۸۸ ۷۷۶۶ please`);
  outside = await register('Qasemabad', '09361112233', 'Ali Qasemi', 'Pothole at the roundabout');
  otherHood = (await app.db.query<{ id: number }>(`SELECT id FROM neighbourhoods WHERE name_en = 'Qasemabad'`)).rows[0]!
    .id;
  await call('operator', 'POST', `/requests/${inside.id}/notes`, { text: `${NAME}'s other number: +98 912-555-4433` });
  expect((await call('operator', 'POST', `/requests/${inside.id}/reporters`, { phone: '09017778899' })).status).toBe(
    200,
  );
}, 60_000);
afterAll(async () => app?.close());

describe('the test can tell', () => {
  it('a supervisor does see the name and the numbers', async () => {
    const res = await call('supervisor', 'GET', `/requests/${inside.id}`);
    expect(res.status).toBe(200);
    expect(() => assertNothingPersonal(JSON.stringify(res.body), 'the supervisor view')).toThrow();
  });

  it('council1 is tied to three District 5 neighbourhoods', async () => {
    const me = await call('council', 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect((me.body.user as { role: string; neighbourhoodIds: number[] }).neighbourhoodIds).toHaveLength(3);
  });
});

async function download(path: string): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(`${app.url}/api/v1${path}`, { headers: { cookie: c.council } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** What a council member may call, each with what it must and must not show. */
const ALLOWED: Record<string, () => Promise<void>> = {
  'GET /api/v1/auth/me': async () => {
    expect((await call('council', 'GET', '/auth/me')).status).toBe(200);
  },
  'GET /api/v1/categories': async () => {
    expect((await call('council', 'GET', '/categories')).status).toBe(200);
  },
  'GET /api/v1/districts': async () => {
    expect((await call('council', 'GET', '/districts')).status).toBe(200);
  },
  'GET /api/v1/requests': async () => {
    const before = await audited('worklist-viewed');
    const list = await call('council', 'GET', '/requests');
    expect(list.status).toBe(200);
    const ids = (list.body.items as Array<{ id: string }>).map((i) => i.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    assertNothingPersonal(JSON.stringify(list.body), 'the worklist');
    // Asking for another neighbourhood narrows within theirs: nothing.
    const other = await call('council', 'GET', `/requests?neighbourhoodId=${otherHood}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    expect(await audited('worklist-viewed')).toBe(before + 2);
    // The desk's look-ups find citizens: never a council's.
    expect((await call('council', 'GET', '/requests?phone=09151234567')).status).toBe(403);
    expect((await call('council', 'GET', `/requests?trackingCode=${inside.trackingCode}`)).status).toBe(403);
    // Nor may the text search find who wrote a number (in any digits, however spaced); a word or a
    // tracking code it may.
    expect((await call('council', 'GET', `/requests?q=${encodeURIComponent('۰۹۳۵ ۸۸۸')}`)).status).toBe(403);
    expect((await call('council', 'GET', '/exports/requests.csv?q=0935888')).status).toBe(403);
    const byCode = await call('council', 'GET', `/requests?q=${inside.trackingCode}`);
    expect((byCode.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([inside.id]);
    expect((await call('council', 'GET', '/requests?q=call')).status).toBe(200);
  },
  'GET /api/v1/requests/:id': async () => {
    const own = await call('council', 'GET', `/requests/${inside.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: inside.id, citizenName: null, attachments: [], allowedNext: [] });
    // The name she typed and the number: masked, the rest of her words kept.
    expect(own.body.description).toBe('*** ***: call me on *** please');
    assertNothingPersonal(JSON.stringify(own.body), 'the request page');
    const other = await call('council', 'GET', `/requests/${outside.id}`);
    const unknown = await call('council', 'GET', '/requests/987654321');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(unknown.body); // another neighbourhood's request looks like none at all
    const views = await app.db.query(
      `SELECT 1 FROM audit_log a JOIN users u ON u.id = a.user_id
        WHERE u.username = 'council1' AND a.action = 'request-viewed' AND a.target = $1`,
      [`request:${inside.id}`],
    );
    expect(views.rowCount).toBeGreaterThan(0);
  },
  'GET /api/v1/exports/requests.csv': async () => {
    const before = await audited('export-requests');
    const csv = await download('/exports/requests.csv');
    expect(csv.status).toBe(200);
    const text = csv.body.toString('utf8');
    expect(text).toContain(inside.trackingCode);
    expect(text).not.toContain(outside.trackingCode);
    assertNothingPersonal(text, 'the CSV export');
    expect(await audited('export-requests')).toBe(before + 1);
  },
  'GET /api/v1/exports/requests.xlsx': async () => {
    const xlsx = await download(`/exports/requests.xlsx?neighbourhoodId=${otherHood}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.actualRowCount).toBe(1); // the header only: Qasemabad is not theirs
    const all = await download('/exports/requests.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(all.body as unknown as ArrayBuffer);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value))));
    expect(cells).toContain(inside.trackingCode);
    expect(cells).not.toContain(outside.trackingCode);
    assertNothingPersonal(cells.join('|'), 'the XLSX export');
  },
};

/** Public by design (no session needed); the sign-out would end the session the rest use. */
const PUBLIC = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
/** Figures and their tables' exports: the guard lets a council in, the answer holds no one's data. */
const isAnalytics = (route: string) => /^GET \/api\/v1\/(exports\/)?analytics\//.test(route);

const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, (p) => (p === ':lang' ? 'fa' : '999999'));

describe('a council member, route by route', () => {
  const apiRoutes = () =>
    listRoutes(app.http)
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => r.split(' ')[1]!.startsWith('/api/v1/'));

  it('knows the routes a council may call', () => {
    const routes = apiRoutes();
    for (const r of Object.keys(ALLOWED)) expect(routes).toContain(r);
  });

  for (const [route, check] of Object.entries(ALLOWED)) it(`${route}: allowed, held to their neighbourhoods`, check);

  it('every analytics route lets them in and answers without a person in it', async () => {
    const analytics = apiRoutes().filter(isAnalytics);
    expect(analytics).toContain('GET /api/v1/analytics/requests');
    const q = 'from=2020-03-20&to=2030-03-20&groupBy=neighbourhood&period=year';
    for (const route of analytics) {
      const url = `${concrete(route.split(' ')[1]!)}?${q}`;
      const res = await fetch(`${app.url}${url}`, { headers: { cookie: c.council } });
      expect([401, 403], `${route} refused a council member`).not.toContain(res.status);
      expect(res.status, `${route}`).toBeLessThan(500);
      assertNothingPersonal(Buffer.from(await res.arrayBuffer()).toString('latin1'), route);
    }
  });

  it('every other route answers 403', async () => {
    const wrong: string[] = [];
    for (const route of apiRoutes()) {
      if (route in ALLOWED || PUBLIC.has(route) || isAnalytics(route)) continue;
      const [method, url] = route.split(' ') as [string, string];
      const withBody = method !== 'GET' && !url.includes('/survey/prompts/');
      const res = await app.http.inject({
        method: method as 'GET',
        url: concrete(url),
        headers: { cookie: c.council, ...(withBody ? { 'content-type': 'application/json' } : {}) },
        ...(withBody ? { payload: '{}' } : {}),
      });
      if (res.statusCode !== 403) wrong.push(`${route}: ${res.statusCode} ${res.body.slice(0, 100)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the users admin ties council members to neighbourhoods', () => {
  it('needs existing neighbourhoods, replaces them on a change, and the member sees the new ones at once', async () => {
    const admin = await login(app.url, 'admin');
    const jalaliyeh = (await app.db.query<{ id: number }>(`SELECT id FROM neighbourhoods WHERE name_en = 'Jalaliyeh'`))
      .rows[0]!.id;
    const body = { username: 'council-new', displayName: 'شورایار تازه', role: 'council', password: 'council-137' };
    const post = (extra: object) =>
      api<Record<string, unknown>>(app.url, admin, 'POST', '/api/v1/admin/users', { ...body, ...extra });
    expect(((await post({})).body.error as { code: string }).code).toBe('NEIGHBOURHOODS_REQUIRED');
    expect(((await post({ neighbourhoodIds: [987654] })).body.error as { code: string }).code).toBe(
      'UNKNOWN_NEIGHBOURHOOD',
    );
    expect((await post({ neighbourhoodIds: [jalaliyeh], unitIds: [1] })).status).toBe(400);
    const created = await post({ neighbourhoodIds: [jalaliyeh] });
    expect(created.status).toBe(201);
    expect(created.body.neighbourhoodIds).toEqual([jalaliyeh]);
    const member = await login(app.url, 'council-new', 'council-137');
    const list = async () =>
      ((await api<{ items: Array<{ id: string }> }>(app.url, member, 'GET', '/api/v1/requests')).body.items ?? []).map(
        (i) => i.id,
      );
    expect(await list()).toContain(inside.id);
    const moved = await api<Record<string, unknown>>(
      app.url,
      admin,
      'PATCH',
      `/api/v1/admin/users/${created.body.id}`,
      {
        neighbourhoodIds: [otherHood],
      },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.neighbourhoodIds).toEqual([otherHood]);
    const now = await list();
    expect(now).toContain(outside.id);
    expect(now).not.toContain(inside.id);
    const rows = await app.db.query(`SELECT neighbourhood_id FROM council_neighbourhoods WHERE user_id = $1`, [
      created.body.id,
    ]);
    expect(rows.rows).toEqual([{ neighbourhood_id: otherHood }]);
    // Another role drops them: a viewer is tied to no neighbourhood.
    const viewer = await api<Record<string, unknown>>(
      app.url,
      admin,
      'PATCH',
      `/api/v1/admin/users/${created.body.id}`,
      {
        role: 'viewer',
      },
    );
    expect(viewer.status).toBe(200);
    expect(viewer.body.neighbourhoodIds).toEqual([]);
  });
});
