// The 137 worklist (GET /api/v1/requests without trackingCode/phone) on the real database: each
// filter, filters combined, free text with Persian letter and digit variants, bad input, the
// audit row of every view, who may read it, and the desk's old look-ups left as they were.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCitizenByPhone, type PastRequest, type WorklistPage } from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { as, buildRequestApp, categoryId, createUsers, neighbourhoodId, type Users } from './request-fixtures.ts';
import { seedRequest, worklistAudits } from './worklist-fixtures.ts';

let t: TestDb;
let app: FastifyInstance;
let users: Users;
const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
const codes: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  users = await createUsers(t.pool);
  app = buildRequestApp(t.pool, users);
  await app.ready();
  const citizen = await upsertCitizenByPhone(t.pool, '+989151234567', 'Zahra Ahmadi');
  const seeds = {
    // Written with Arabic ي and ك, as some keyboards type them.
    a: {
      category: 'pothole',
      unit: 'roads',
      neighbourhood: 'Sajjad',
      status: 'referred',
      channel: 'phone',
      createdAt: '2026-03-10T10:00:00+03:30',
      deadlineInHours: -5,
      description: 'چاله بزرگ در خيابان سجاد',
      address: 'كوچه ۷۳۴',
      citizenId: citizen.id,
    },
    // 00:30 on 11 March in Tehran is still 10 March in UTC: the date filter must use Tehran's day.
    b: {
      category: 'garbage-collection',
      unit: 'waste',
      neighbourhood: 'Jalaliyeh',
      status: 'done',
      channel: 'sms',
      createdAt: '2026-03-11T00:30:00+03:30',
      deadlineInHours: -5,
      description: 'Bins not emptied for days',
    },
    c: {
      category: 'dangerous-pothole',
      unit: 'roads',
      neighbourhood: 'Ahmadabad',
      status: 'registered',
      channel: 'web',
      hazard: true,
      createdAt: '2026-03-12T09:00:00+03:30',
      deadlineInHours: 5,
      description: 'فرونشست زمین که تعمیر می‌خواهد',
      address: 'Plate 734',
    },
    d: {
      category: 'garbage-collection',
      status: 'closed',
      createdAt: '2026-03-09T12:00:00+03:30',
      description: 'Old rubbish by the school',
    },
  } as const;
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    const r = await seedRequest(t.pool, seeds[k]);
    ids[k] = r.id;
    codes[k] = r.trackingCode;
  }
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const get = (url: string, role: keyof Users = 'supervisor') => app.inject({ method: 'GET', url, cookies: as(role) });
async function list(query: string, role: keyof Users = 'supervisor'): Promise<string[]> {
  const res = await get(`/api/v1/requests?${query}`, role);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<WorklistPage>().items.map((i) => i.id);
}

describe('GET /api/v1/requests (worklist)', () => {
  it('lists newest first with the documented item shape and no phone number or name', async () => {
    const res = await get('/api/v1/requests');
    expect(res.statusCode).toBe(200);
    const page = res.json<WorklistPage>();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((i) => i.id)).toEqual([ids.c, ids.b, ids.a, ids.d]);
    const a = page.items[2]!;
    expect(Object.keys(a).sort()).toEqual(
      [
        'category',
        'channel',
        'createdAt',
        'deadlineAt',
        'district',
        'hazard',
        'id',
        'neighbourhood',
        'overdue',
        'reporters',
        'status',
        'trackingCode',
        'unit',
      ].sort(),
    );
    expect(a).toMatchObject({
      trackingCode: codes.a,
      status: 'referred',
      channel: 'phone',
      hazard: false,
      overdue: true,
      reporters: 1,
      category: { id: await categoryId(t.pool, 'pothole'), en: 'Pothole', fa: 'چاله در آسفالت' },
      unit: { en: 'Technical and Civil Works (roads)' },
      district: { en: 'District 1', fa: 'منطقه ۱' },
      neighbourhood: { id: await neighbourhoodId(t.pool, 'Sajjad'), en: 'Sajjad' },
      createdAt: '2026-03-10T06:30:00.000Z',
    });
    expect(page.items[3]).toMatchObject({ unit: null, district: null, neighbourhood: null, deadlineAt: null });
    expect(res.body).not.toMatch(/9151234567|Zahra|citizen|phone"?:/i);
  });

  it('filters by each field, and by several at once', async () => {
    const units = await t.pool.query<{ code: string; id: number }>(`SELECT code, id FROM units`);
    const roads = units.rows.find((u) => u.code === 'roads')!.id;
    const d1 = (await t.pool.query<{ id: number }>(`SELECT id FROM districts WHERE name_en = 'District 1'`)).rows[0]!
      .id;
    const garbage = await categoryId(t.pool, 'garbage-collection');
    expect(await list('status=referred')).toEqual([ids.a]);
    expect(await list('status=done,closed')).toEqual([ids.b, ids.d]);
    expect(await list(`unitId=${roads}`)).toEqual([ids.c, ids.a]);
    expect(await list(`categoryId=${garbage}`)).toEqual([ids.b, ids.d]);
    expect(await list(`districtId=${d1}`)).toEqual([ids.c, ids.a]);
    expect(await list(`neighbourhoodId=${await neighbourhoodId(t.pool, 'Jalaliyeh')}`)).toEqual([ids.b]);
    expect(await list('channel=sms')).toEqual([ids.b]);
    expect(await list('hazard=true')).toEqual([ids.c]);
    expect(await list('hazard=false')).toEqual([ids.b, ids.a, ids.d]);
    // b's deadline passed too, but it is done: overdue means still owed.
    expect(await list('overdue=true')).toEqual([ids.a]);
    expect(await list('overdue=false')).toEqual([ids.c, ids.b, ids.d]);
    expect(await list('from=2026-03-11&to=2026-03-11')).toEqual([ids.b]);
    expect(await list('from=2026-03-10')).toEqual([ids.c, ids.b, ids.a]);
    expect(await list('to=2026-03-10')).toEqual([ids.a, ids.d]);
    expect(await list(`unitId=${roads}&status=referred,registered&districtId=${d1}&hazard=false`)).toEqual([ids.a]);
    expect(await list(`unitId=${roads}&overdue=false&from=2026-03-12`)).toEqual([ids.c]);
    expect(await list(`categoryId=${garbage}&channel=phone`)).toEqual([ids.d]);
  });

  it('matches free text alike across ی/ي, ک/ك, ZWNJ and Persian or Latin digits', async () => {
    const q = (s: string) => list(`q=${encodeURIComponent(s)}`);
    expect(await q('خیابان سجاد')).toEqual([ids.a]); // stored with ي
    expect(await q('کوچه')).toEqual([ids.a]); // stored with ك
    expect(await q('ميخواهد')).toEqual([ids.c]); // stored with ی and a ZWNJ
    expect(await q('۷۳۴')).toEqual([ids.c, ids.a]); // Persian and Latin digits in the text
    expect(await q('734')).toEqual([ids.c, ids.a]);
    expect(await q(toPersian(codes.b!))).toEqual([ids.b]); // tracking code typed in Persian digits
    expect(await q('BINS')).toEqual([ids.b]);
    expect(await q('100%')).toEqual([]); // % is a character, not a wildcard
    expect(await q('grafitti nowhere')).toEqual([]);
  });

  it('refuses bad input with a 400 naming the field, and writes no audit row for it', async () => {
    const before = (await worklistAudits(t.pool)).length;
    const bad: Array<[string, string]> = [
      ['status=open', 'status'],
      ['status=referred,nope', 'status'],
      ['unitId=abc', 'unitId'],
      ['categoryId=-1', 'categoryId'],
      ['channel=fax', 'channel'],
      ['hazard=yes', 'hazard'],
      ['overdue=1', 'overdue'],
      ['from=2026-02-30', 'from'],
      ['to=2026-13-01', 'to'],
      ['from=10-03-2026', 'from'],
      ['from=2026-03-12&to=2026-03-10', 'from'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ];
    for (const [query, field] of bad) {
      const res = await get(`/api/v1/requests?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().error.details.fields.map((f: { field: string }) => f.field),
        query,
      ).toContain(field);
    }
    expect((await worklistAudits(t.pool)).length).toBe(before);
  });

  it('writes one worklist-viewed audit row per view, with the filters and who looked', async () => {
    const before = (await worklistAudits(t.pool)).length;
    await list('status=referred,done&hazard=false&q=%DA%A9%D9%88%DA%86%D9%87', 'viewer');
    await list('', 'operator');
    const rows = (await worklistAudits(t.pool)).slice(before);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.user_id).toBe(users.viewer.id);
    expect(rows[0]!.details).toMatchObject({
      filters: { status: ['referred', 'done'], hazard: 'false', q: 'کوچه' },
      results: 1,
    });
    expect(rows[1]!.user_id).toBe(users.operator.id);
    expect(rows[1]!.details).toMatchObject({ filters: {}, results: 4 });
  });

  it('is read by supervisors, admins, viewers and operators alike', async () => {
    for (const role of ['supervisor', 'admin', 'viewer', 'operator'] as const)
      expect(await list('status=referred', role)).toEqual([ids.a]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/requests' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/requests?trackingCode= / ?phone= (the desk look-ups, unchanged)', () => {
  it('answers a PastRequest array and audits as before, even with worklist filters beside', async () => {
    const byCode = await get(`/api/v1/requests?trackingCode=${toPersian(codes.a!)}&status=closed`, 'viewer');
    expect(byCode.statusCode).toBe(200);
    const found = byCode.json<PastRequest[]>();
    expect(found.map((r) => r.trackingCode)).toEqual([codes.a]);
    expect(found[0]).toHaveProperty('description', 'چاله بزرگ در خيابان سجاد');
    expect(found[0]).toHaveProperty('events');
    const audit = await t.pool.query(`SELECT action, target, details FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(audit.rows[0]).toMatchObject({
      action: 'request-viewed',
      target: `request:${ids.a}`,
      details: { via: 'tracking-code', trackingCode: codes.a, results: 1 },
    });
    const byPhone = await get(`/api/v1/requests?phone=${encodeURIComponent('09151234567')}`);
    expect(byPhone.statusCode).toBe(200);
    expect(Array.isArray(byPhone.json())).toBe(true);
    const audit2 = await t.pool.query(`SELECT action, target FROM audit_log ORDER BY id DESC LIMIT 1`);
    expect(audit2.rows[0]).toMatchObject({ action: 'citizen-history-viewed', target: '+989151234567' });
    expect((await get('/api/v1/requests?trackingCode=12&phone=0915')).statusCode).toBe(400);
    expect((await get('/api/v1/requests?trackingCode=')).statusCode).toBe(400);
  });
});

function toPersian(s: string): string {
  return s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
}
