import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, upsertUser } from '../../../src/auth/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { api, login } from '../../helpers/http.ts';
import { seedAnalyticsMonth } from './analytics-seed.ts';
import { seedFeedback, seedPlaces, type PlacesSeed } from './places-seed.ts';

// Heat table, top categories, hotspots, the 100%-feedback figure, a council member's scope on every
// analytics route and download, and the analytics tables' CSV and XLSX read back. Every figure is
// counted by hand from analytics-seed.ts (Azar/Dey 1404) and places-seed.ts (Mehr and Shahrivar 1404).

let app: TestApp;
let spots: PlacesSeed;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const idOf = async (sql: string, params: unknown[]) => Number((await q<{ id: number }>(sql, params))[0]!.id);
const get = (who: string, path: string) => api<Json>(app.url, cookie[who] ?? null, 'GET', `/api/v1${path}`);
const download = (who: string, path: string) =>
  fetch(`${app.url}/api/v1/exports/analytics/${path}`, { headers: { cookie: cookie[who]! } });

beforeAll(async () => {
  app = await startTestApp();
  const code = (c: string) => idOf(`SELECT id FROM categories WHERE code = $1`, [c]);
  ids.pothole = await code('pothole');
  ids.garbage = await code('garbage-collection');
  ids.technical = await code('technical');
  ids.cityServices = await code('city-services');
  for (const [k, c] of Object.entries({
    roads5: 'district-5-roads',
    waste5: 'district-5-waste',
    roads9: 'district-9-roads',
  }))
    ids[k] = await idOf(`SELECT id FROM units WHERE code = $1`, [c]);
  ids.d9 = await idOf(`SELECT id FROM districts WHERE name_en = 'District 9'`, []);
  ids.n5 = await idOf(`SELECT id FROM neighbourhoods WHERE name_en = 'Jalaliyeh'`, []);
  ids.n9 = await idOf(`SELECT id FROM neighbourhoods WHERE district_id = $1 ORDER BY id LIMIT 1`, [ids.d9]);
  await seedAnalyticsMonth(app.db, ids);
  spots = await seedPlaces(app.db, ids);
  await seedFeedback(app.db, ids);
  const passwordHash = await hashPassword('demo137');
  await upsertUser(app.db, { username: 'council-n5', displayName: 'شورای جلالیه', role: 'council', passwordHash });
  await upsertUser(app.db, { username: 'city-manager', displayName: 'مدیر شهر', role: 'manager', passwordHash });
  await q(
    `INSERT INTO council_neighbourhoods (user_id, neighbourhood_id) SELECT id, $1 FROM users WHERE username = 'council-n5'`,
    [ids.n5],
  );
  for (const u of ['supervisor1', 'council-n5', 'city-manager', 'operator1']) cookie[u] = await login(app.url, u);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const MONTH = 'from=2025-12-01&to=2026-01-20';

describe('GET /api/v1/analytics/heat', () => {
  it('counts neighbourhood × top-level category by hand', async () => {
    const res = await get('supervisor1', `/analytics/heat?${MONTH}`);
    expect(res.status).toBe(200);
    const [n5, n9] = res.body.rows;
    expect(n5).toMatchObject({ neighbourhoodId: ids.n5, labelFa: 'جلالیه', labelEn: 'Jalaliyeh', total: 4 });
    expect(n5.cells).toEqual({ [ids.technical!]: 2, [ids.cityServices!]: 2 });
    expect(n9).toMatchObject({
      neighbourhoodId: ids.n9,
      total: 2,
      cells: { [ids.technical!]: 1, [ids.cityServices!]: 1 },
    });
    expect(res.body.rows).toHaveLength(2);
    expect(res.body.categories.map((c: Json) => [c.id, c.total]).sort()).toEqual(
      [
        [ids.technical, 3],
        [ids.cityServices, 3],
      ].sort(),
    );
    const d9 = await get('supervisor1', `/analytics/heat?${MONTH}&categoryId=${ids.garbage}&districtId=${ids.d9}`);
    expect(d9.body.rows).toEqual([expect.objectContaining({ neighbourhoodId: ids.n9, total: 1 })]);
  });
});

describe('GET /api/v1/analytics/top-categories', () => {
  it("lists each neighbourhood's top categories with their share", async () => {
    const res = await get('supervisor1', `/analytics/top-categories?from=2025-09-01&to=2025-10-31`);
    expect(res.status).toBe(200);
    // n5: potholes 4 (Sep) + 4 (Oct), garbage 2 (Oct); n9: garbage 3 (Oct) + 1 (Sep).
    const n5 = res.body.rows.find((r: Json) => r.neighbourhoodId === ids.n5);
    expect(n5.total).toBe(10);
    expect(n5.categories).toEqual([
      expect.objectContaining({ rank: 1, categoryId: ids.pothole, count: 8, share: 0.8, labelEn: 'Pothole' }),
      expect.objectContaining({ rank: 2, categoryId: ids.garbage, count: 2, share: 0.2 }),
    ]);
    const n9 = res.body.rows.find((r: Json) => r.neighbourhoodId === ids.n9);
    expect(n9).toMatchObject({
      total: 4,
      categories: [expect.objectContaining({ categoryId: ids.garbage, count: 4 })],
    });
    const one = await get('supervisor1', `/analytics/top-categories?from=2025-09-01&to=2025-10-31&limit=1`);
    expect(one.body.rows.find((r: Json) => r.neighbourhoodId === ids.n5).categories).toHaveLength(1);
    expect((await get('supervisor1', `/analytics/top-categories?${MONTH}&limit=0`)).status).toBe(400);
  });
});

describe('GET /api/v1/analytics/hotspots', () => {
  const OCT = 'from=2025-10-01&to=2025-10-31';
  it('finds the same category coming back within the radius, and by address without a point', async () => {
    const res = await get('supervisor1', `/analytics/hotspots?${OCT}`);
    expect(res.status).toBe(200);
    const [spot, address] = res.body.rows;
    expect(res.body.rows).toHaveLength(2);
    // Three potholes within 20 m; the fourth, 1 km away, is not among them.
    expect(spot).toMatchObject({ categoryId: ids.pothole, count: 3, neighbourhoodId: ids.n5, requestIds: spots.spot });
    expect(spot.first).toBe('2025-10-05T06:30:00.000Z');
    expect(spot.lastLabelFa).toBe('۲۸ مهر ۱۴۰۴');
    expect(spot.lat).toBeCloseTo((await q<Json>(`SELECT lat FROM requests WHERE id = $1`, [spots.spot[2]]))[0]!.lat, 3);
    expect(address).toMatchObject({ categoryId: ids.garbage, count: 3, lat: null, neighbourhoodId: ids.n9 });
    expect(address.requestIds).toEqual(spots.address);
    // A phone number a citizen wrote in a description never comes out.
    expect(JSON.stringify(res.body)).not.toMatch(/۰۹۱۵|0915|seeded|تماس/);
  });

  it('hides a phone number typed into an address', async () => {
    const res = await get('supervisor1', '/analytics/hotspots?from=2025-11-01&to=2025-11-10');
    expect(res.body.rows).toEqual([expect.objectContaining({ count: 3, address: 'کوچه ۳، تماس …' })]);
    expect(JSON.stringify(res.body)).not.toMatch(/۰۹۱۲|۶۷۸۹/);
  });

  it('takes minCount, radiusM and categoryId, and refuses nonsense', async () => {
    const two = await get('supervisor1', `/analytics/hotspots?${OCT}&minCount=2&categoryId=${ids.garbage}`);
    expect(two.body.rows.map((r: Json) => r.count)).toEqual([3, 2]);
    expect(two.body.rows[1].requestIds).toEqual(spots.garbage);
    // With 5 km squares the pothole 1 km away falls in the same square as the other three.
    const wide = await get('supervisor1', `/analytics/hotspots?${OCT}&radiusM=5000&categoryId=${ids.pothole}`);
    expect(wide.body.rows.map((r: Json) => r.count)).toEqual([4]);
    for (const bad of ['radiusM=0', 'radiusM=abc', 'minCount=1', 'limit=9999'])
      expect((await get('supervisor1', `/analytics/hotspots?${OCT}&${bad}`)).status, bad).toBe(400);
  });
});

describe('the 100%-feedback figure', () => {
  it('gives the share of done or closed requests whose citizen was asked', async () => {
    const res = await get('supervisor1', '/analytics/resolution?groupBy=category&from=2025-09-01&to=2025-09-30');
    const pothole = res.body.rows.find((r: Json) => r.key === String(ids.pothole));
    expect(pothole).toMatchObject({ requests: 4, doneOrClosed: 3, feedbackAsked: 2 });
    expect(pothole.feedbackShare).toBeCloseTo(2 / 3, 10);
    const garbage = res.body.rows.find((r: Json) => r.key === String(ids.garbage));
    expect(garbage).toMatchObject({ doneOrClosed: 1, feedbackAsked: 1, feedbackShare: 1 });
  });
});

const ROUTES = [
  '/analytics/requests?groupBy=neighbourhood&period=month&from=2025-09-01&to=2026-01-20',
  '/analytics/requests?groupBy=category&period=week&from=2025-12-01&to=2025-12-31',
  '/analytics/resolution?groupBy=unit&from=2025-09-01&to=2026-01-20',
  '/analytics/units?from=2025-11-22&to=2026-01-20',
  '/analytics/heat?from=2025-09-01&to=2026-01-20',
  '/analytics/top-categories?from=2025-09-01&to=2026-01-20',
  '/analytics/hotspots?from=2025-10-01&to=2025-10-31&minCount=2',
];

describe("a council member's scope", () => {
  it("equals a supervisor's figures filtered to the council's neighbourhood, route by route", async () => {
    for (const path of ROUTES) {
      const council = await get('council-n5', path);
      const supervisor = await get('supervisor1', `${path}&neighbourhoodId=${ids.n5}`);
      expect(council.status, path).toBe(200);
      expect(council.body, path).toEqual(supervisor.body);
      const city = await get('supervisor1', path);
      expect(JSON.stringify(city.body), path).not.toEqual(JSON.stringify(council.body));
      // Nothing of the other neighbourhood: no row names it.
      expect(JSON.stringify(council.body), path).not.toMatch(new RegExp(`"neighbourhoodId":${ids.n9}[,}]`));
    }
    const places = await get('council-n5', ROUTES[0]!);
    expect(new Set(places.body.rows.map((r: Json) => r.key))).toEqual(new Set([String(ids.n5)]));
    const units = await get('council-n5', '/analytics/units?from=2025-11-22&to=2026-01-20');
    expect(units.body.rows.map((r: Json) => [r.unitId, r.received])).toEqual([
      [ids.roads5, 3],
      [ids.waste5, 2],
    ]);
    // Each row names the worklist filters that list its requests (the page links them).
    expect(units.body.rows[0]).toMatchObject({
      drill: { unitId: ids.roads5, from: '2025-11-22', to: '2026-01-20' },
      drillOverdue: { unitId: ids.roads5, overdue: true },
    });
  });

  it('refuses another neighbourhood with 403, on figures and downloads', async () => {
    for (const path of ROUTES) expect((await get('council-n5', `${path}&neighbourhoodId=${ids.n9}`)).status).toBe(403);
    expect((await download('council-n5', `heat.csv?${MONTH}&neighbourhoodId=${ids.n9}`)).status).toBe(403);
    const own = await get('council-n5', `/analytics/heat?${MONTH}&neighbourhoodId=${ids.n5}`);
    expect(own.body.rows.map((r: Json) => r.neighbourhoodId)).toEqual([ids.n5]);
  });

  it('lets the manager read the whole city and keeps operators out', async () => {
    for (const path of ROUTES) {
      const manager = await get('city-manager', path);
      expect(manager.body, path).toEqual((await get('supervisor1', path)).body);
      expect((await get('operator1', path)).status, path).toBe(403);
    }
  });
});

/** RFC 4180 read back: quoted fields with "" inside, CRLF rows (no line breaks inside these tables' fields). */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const fields: string[] = [];
      let i = 0;
      while (i <= line.length) {
        if (line[i] === '"') {
          let v = '';
          for (i++; i < line.length; i++) {
            if (line[i] === '"' && line[i + 1] === '"') {
              v += '"';
              i++;
            } else if (line[i] === '"') break;
            else v += line[i];
          }
          fields.push(v);
          i += 2;
        } else {
          const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
          fields.push(line.slice(i, end));
          i = end + 1;
        }
      }
      return fields;
    });
}

describe('GET /api/v1/exports/analytics/*', () => {
  it('writes the heat table as CSV with a BOM and Persian text intact, audited', async () => {
    const res = await download('supervisor1', `heat.csv?${MONTH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="analytics-heat-14\d\d-\d\d-\d\d\.csv"/,
    );
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = csvRows(text.slice(1));
    expect(rows[0]![0]).toBe('محله');
    expect(rows[1]!.slice(0, 2)).toEqual(['جلالیه', 'Jalaliyeh']);
    expect(rows[1]!.at(-1)).toBe('4');
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['جمع', 'Total']);
    expect(rows.at(-1)!.at(-1)).toBe('6');
    const audited = await q(`SELECT 1 FROM audit_log WHERE action = 'export-analytics' AND target = 'analytics:heat'`);
    expect(audited.length).toBeGreaterThan(0);
  });

  it('writes the hotspots with Jalali and Gregorian days, and the units table as XLSX read back by exceljs', async () => {
    const csv = csvRows(
      (await (await download('supervisor1', 'hotspots.csv?from=2025-10-01&to=2025-10-31')).text()).slice(1),
    );
    expect(csv[1]!.slice(7, 11)).toEqual(['1404/07/13', '2025-10-05', '1404/07/28', '2025-10-20']);
    const res = await download('council-n5', 'units.xlsx?from=2025-11-22&to=2026-01-20');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('پاسخ‌گویی واحدها');
    expect(ws.getRow(1).getCell(5).value).toBe('دریافتی (Received)');
    expect(ws.actualRowCount).toBe(3); // the header, roads and waste of district 5: nothing of district 9
    expect(ws.getRow(2).getCell(1).value).toBe(
      (await q<Json>(`SELECT name_fa FROM units WHERE id = $1`, [ids.roads5]))[0]!.name_fa,
    );
    expect(ws.getRow(2).getCell(5).value).toBe(3);
  });

  it('refuses bad input and other roles on every table', async () => {
    for (const t of ['requests', 'resolution', 'units', 'heat', 'hotspots']) {
      expect((await download('operator1', `${t}.csv?${MONTH}`)).status, t).toBe(403);
      expect((await download('supervisor1', `${t}.xlsx?from=2025-13-01&to=2026-01-20`)).status, t).toBe(400);
    }
    expect((await fetch(`${app.url}/api/v1/exports/analytics/heat.csv?${MONTH}`)).status).toBe(401);
  });
});
