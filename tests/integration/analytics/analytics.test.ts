import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser, type Role } from '../../../src/auth/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { seedAnalyticsMonth } from './analytics-seed.ts';

// A seeded stretch around the Jalali month boundary Azar/Dey 1404 (1 Dey 1404 = Monday 2025-12-22,
// the week from Saturday 2025-12-20), in Tehran time (+03:30, no daylight saving since 2022). Every
// figure below is counted by hand from the rows inserted here.

let app: TestApp;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};

const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const idOf = async (table: string, column: string, value: string) =>
  (await q<{ id: number }>(`SELECT id FROM ${table} WHERE ${column} = $1`, [value]))[0]!.id;
// The fields the assertions reach into; toMatchObject checks the rest.
interface Row {
  [field: string]: unknown;
  key: string;
  period: string;
  periodLabelFa: string;
  unitId: number;
  received: number;
}
interface Body {
  rows: Row[];
  totals: Record<string, number>;
}
const get = <T = Body>(who: string, path: string) => api<T>(app.url, cookie[who] ?? null, 'GET', `/api/v1${path}`);
async function addUser(username: string, role: Role): Promise<void> {
  const passwordHash = await hashPassword('demo137');
  await upsertUser(app.db, { username, displayName: username, role, passwordHash });
}

beforeAll(async () => {
  app = await startTestApp();
  ids.pothole = await idOf('categories', 'code', 'pothole');
  ids.garbage = await idOf('categories', 'code', 'garbage-collection');
  ids.roads5 = await idOf('units', 'code', 'district-5-roads');
  ids.waste5 = await idOf('units', 'code', 'district-5-waste');
  ids.roads9 = await idOf('units', 'code', 'district-9-roads');
  ids.d5 = await idOf('districts', 'name_en', 'District 5');
  ids.d9 = await idOf('districts', 'name_en', 'District 9');
  ids.n5 = await idOf('neighbourhoods', 'name_en', 'Jalaliyeh');
  ids.n9 = (
    await q<{ id: number }>(`SELECT id FROM neighbourhoods WHERE district_id = $1 ORDER BY id LIMIT 1`, [ids.d9])
  )[0]!.id;
  await seedAnalyticsMonth(app.db, ids);
  await addUser('analytics-unit', 'unit');
  await addUser('analytics-boss', 'unit-manager');
  await addUser('analytics-viewer', 'viewer');
  const who = { admin: 'admin', supervisor: 'supervisor1', operator: 'operator1', viewer: 'analytics-viewer' };
  for (const [k, username] of Object.entries({ ...who, unit: 'analytics-unit', manager: 'analytics-boss' }))
    cookie[k] = await login(app.url, username);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const pick = (rows: Row[], period: string, key: number | string | undefined) =>
  rows.find((r) => r.period === period && r.key === String(key));

describe('GET /api/v1/analytics/requests', () => {
  it('counts per Jalali month with the month before and the same month last year', async () => {
    const res = await get(
      'supervisor',
      '/analytics/requests?groupBy=category&period=month&from=2025-12-01&to=2026-01-10',
    );
    expect(res.status).toBe(200);
    const { rows, totals } = res.body;
    expect(new Set(rows.map((r: Row) => r.period))).toEqual(new Set(['1404-09', '1404-10']));
    expect(pick(rows, '1404-09', ids.pothole)).toMatchObject({ count: 2, previous: 1, lastYear: 0 });
    expect(pick(rows, '1404-09', ids.garbage)).toMatchObject({ count: 1, previous: 0, lastYear: 0 });
    expect(pick(rows, '1404-10', ids.pothole)).toMatchObject({ count: 1, previous: 2, lastYear: 1 });
    expect(pick(rows, '1404-10', ids.garbage)).toMatchObject({ count: 2, previous: 1, lastYear: 0 });
    expect(pick(rows, '1404-10', ids.garbage)).toMatchObject({
      periodLabelFa: 'دی ۱۴۰۴',
      periodLabelEn: 'Dey 1404',
      periodStart: '2025-12-22',
      periodEnd: '2026-01-20',
    });
    expect(rows).toHaveLength(4);
    expect(totals).toEqual({ count: 6, previous: 4, lastYear: 1 });
  });

  it('buckets Saturday-first weeks by district', async () => {
    const res = await get('viewer', '/analytics/requests?groupBy=district&period=week&from=2025-12-20&to=2025-12-27');
    expect(res.status).toBe(200);
    const { rows } = res.body;
    // Saturday 2025-12-20 … Friday 2025-12-26: #1, #2, #5 in district 5, #3 in district 9.
    expect(pick(rows, '1404-W09-29', ids.d5)).toMatchObject({
      count: 3,
      previous: 0,
      lastYear: 0,
      labelEn: 'District 5',
    });
    expect(pick(rows, '1404-W09-29', ids.d9)).toMatchObject({ count: 1, previous: 0, lastYear: 0 });
    // From Saturday 6 Dey: #4; a year before, the week of 6 Dey 1403 held #6.
    expect(pick(rows, '1404-W10-06', ids.d5)).toMatchObject({ count: 1, previous: 3, lastYear: 1 });
    expect(pick(rows, '1404-W10-06', ids.d9)).toMatchObject({ count: 0, previous: 1, lastYear: 0 });
    expect(pick(rows, '1404-W10-06', ids.d5)?.periodLabelFa).toBe('هفتهٔ ۶ دی ۱۴۰۴');
  });

  it('takes the day in Tehran time, not UTC, and filters by district', async () => {
    const day = await get('admin', '/analytics/requests?groupBy=category&period=day&from=2025-12-22&to=2025-12-22');
    expect(day.body.rows).toEqual([
      expect.objectContaining({ key: String(ids.pothole), count: 1, previous: 1, lastYear: 0 }),
    ]);
    const d9 = await get(
      'admin',
      `/analytics/requests?groupBy=category&period=month&from=2025-12-01&to=2026-01-10&districtId=${ids.d9}`,
    );
    expect(d9.body.totals).toEqual({ count: 2, previous: 2, lastYear: 0 });
    const hazard = await get(
      'admin',
      '/analytics/requests?groupBy=status&period=year&from=2025-12-01&to=2025-12-01&hazard=true',
    );
    expect(hazard.body.totals.count).toBe(0);
  });

  it('refuses impossible dates and unknown groupings with 400', async () => {
    for (const qs of [
      'groupBy=category&period=month&from=2025-02-30&to=2025-03-10',
      'groupBy=category&period=month&from=2025-01-01&to=2025-13-01',
      'groupBy=phone&period=month&from=2025-01-01&to=2025-02-01',
      'groupBy=category&period=fortnight&from=2025-01-01&to=2025-02-01',
      'groupBy=category&period=month&from=2025-03-01&to=2025-02-01',
    ])
      expect((await get('admin', `/analytics/requests?${qs}`)).status, qs).toBe(400);
  });
});

describe('GET /api/v1/analytics/resolution', () => {
  it('gives median and 90th percentile hours and the feedback share per category', async () => {
    const res = await get('supervisor', '/analytics/resolution?groupBy=category&from=2025-11-22&to=2026-01-20');
    expect(res.status).toBe(200);
    const pothole = res.body.rows.find((r: Row) => r.key === String(ids.pothole));
    // #1 done after 48 h, #2 after 96 h, #3 still open; feedback: #1 resolved, #2 not.
    expect(pothole).toMatchObject({
      requests: 3,
      closed: 2,
      medianHours: 72,
      p90Hours: 91.2,
      feedbackResolvedShare: 0.5,
    });
    const garbage = res.body.rows.find((r: Row) => r.key === String(ids.garbage));
    expect(garbage).toMatchObject({
      requests: 3,
      closed: 1,
      medianHours: 36,
      p90Hours: 36,
      feedbackResolvedShare: null,
    });
  });
});

describe('GET /api/v1/analytics/units', () => {
  it('ranks units worst first with hand-counted figures', async () => {
    const res = await get('viewer', '/analytics/units?from=2025-11-22&to=2026-01-20');
    expect(res.status).toBe(200);
    const rows = res.body.rows.filter((r: Row) => r.received > 0);
    expect(rows.map((r: Row) => r.unitId)).toEqual([ids.roads9, ids.roads5, ids.waste5]);
    expect(rows[0]).toMatchObject({
      received: 1,
      onTime: 0,
      overdueNow: 1,
      late: 1,
      overdueRate: 1,
      districtEn: 'District 9',
    });
    expect(rows[1]).toMatchObject({
      received: 4,
      onTime: 1,
      overdueNow: 1,
      late: 3,
      overdueRate: 0.75,
      medianDaysOverdue: 4,
      returned: 0,
      reopened: 1,
      satisfaction: 0.5,
    });
    expect(rows[2]).toMatchObject({ received: 2, onTime: 1, overdueNow: 0, late: 0, overdueRate: 0, returned: 1 });
    expect(rows[2]).toMatchObject({ medianDaysOverdue: null, reopened: 0, satisfaction: null });
    const audited = await q(`SELECT 1 FROM audit_log WHERE action = 'analytics-viewed' AND target = 'analytics:units'`);
    expect(audited.length).toBeGreaterThan(0);
  });

  it('refuses an impossible date', async () => {
    expect((await get('viewer', '/analytics/units?from=2025-11-31&to=2026-01-20')).status).toBe(400);
  });
});

describe('who may look', () => {
  const paths = [
    '/analytics/requests?groupBy=category&period=month&from=2025-12-01&to=2025-12-31',
    '/analytics/resolution?groupBy=unit&from=2025-12-01&to=2025-12-31',
    '/analytics/units?from=2025-12-01&to=2025-12-31',
  ];
  it('lets supervisors, admins and viewers in and keeps operators and unit users out', async () => {
    for (const path of paths) {
      for (const who of ['supervisor', 'admin', 'viewer'])
        expect((await get(who, path)).status, `${who} ${path}`).toBe(200);
      for (const who of ['operator', 'unit', 'manager'])
        expect((await get(who, path)).status, `${who} ${path}`).toBe(403);
      expect((await get('nobody', path)).status).toBe(401);
    }
  });
});
