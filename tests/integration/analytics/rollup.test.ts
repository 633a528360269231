import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  rawHotspots,
  rawResolutionTimes,
  rawUnitAccountability,
} from '../../../src/analytics/analytics-raw-repository.ts';
import {
  GROUP_BYS,
  REQUEST_SOURCE,
  dailyCounts,
  resolutionTimes,
  unitAccountability,
  type RequestFilter,
} from '../../../src/analytics/analytics-repository.ts';
import { heatCells, hotspots, topCategories } from '../../../src/analytics/places-repository.ts';
import { jalaliPeriodOf } from '../../../src/calendar/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { referrals, seedVaried } from './varied-seed.ts';

// The day roll-up (migration 023, kept by triggers) must count exactly as the requests do, and the
// grouped rewrites of the resolution and unit figures must answer exactly as the first form (a
// subquery per request or referral, kept in analytics-raw-repository.ts): a seeded year and a half
// of varied requests (several referrals each, returns, feedback answers with equal times, reopens,
// special follow-ups, asked-by-hand tasks), compared under every grouping and filter, then again
// after statuses, categories and referrals change and requests are reopened.

let app: TestApp;
const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const NOW = new Date('2026-11-20T08:00:00Z');

const byDay = <T extends { day: string; key: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.day.localeCompare(b.day) || a.key.localeCompare(b.key));
const byCell = <T extends { neighbourhoodId: number | null; categoryId: number }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.neighbourhoodId ?? 0) - (b.neighbourhoodId ?? 0) || a.categoryId - b.categoryId);
const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));
/** Day rows summed per Jalali month (keyed by its first day), as the month roll-up gives them. */
const perMonth = (
  rows: Array<{ day: string; key: string; labelFa: string | null; labelEn: string | null; count: number }>,
) => {
  const out = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const day = jalaliPeriodOf(r.day, 'month').start;
    const m = out.get(`${day} ${r.key}`) ?? { ...r, day, count: 0 };
    m.count += r.count;
    out.set(`${day} ${r.key}`, m);
  }
  return byDay([...out.values()]);
};
const byUnit = <T extends { unitId: number }>(rows: T[]) => [...rows].sort((a, b) => a.unitId - b.unitId);

async function filters(): Promise<RequestFilter[]> {
  const [parent] = await q<{ id: number }>(
    `SELECT parent_id AS id FROM categories WHERE parent_id IS NOT NULL LIMIT 1`,
  );
  const [leaf] = await q<{ id: number }>(
    `SELECT category_id AS id FROM requests GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const [district] = await q<{ id: number }>(
    `SELECT district_id AS id FROM neighbourhoods WHERE district_id IS NOT NULL LIMIT 1`,
  );
  const [unit] = await q<{ id: number }>(`SELECT unit_id AS id FROM requests WHERE unit_id IS NOT NULL LIMIT 1`);
  const hoods = (await q<{ id: number }>(`SELECT id FROM neighbourhoods ORDER BY id LIMIT 3`)).map((r) => r.id);
  const all: RequestFilter = {
    timeZone: 'Asia/Tehran',
    from: '2025-01-01',
    to: '2026-12-31',
    categoryId: null,
    districtId: null,
    unitId: null,
    hazard: null,
    neighbourhoodIds: null,
  };
  return [
    all,
    { ...all, from: '2025-12-22', to: '2026-01-20' }, // Dey 1404, whole
    { ...all, from: '2025-12-10', to: '2026-01-10' }, // parts of Azar and Dey, no whole month
    { ...all, timeZone: 'UTC', from: '2025-09-01', to: '2026-03-01' },
    { ...all, categoryId: parent?.id ?? null },
    { ...all, categoryId: leaf!.id },
    { ...all, districtId: district?.id ?? null },
    { ...all, unitId: unit!.id, hazard: false },
    { ...all, hazard: true },
    { ...all, neighbourhoodIds: hoods },
  ];
}

async function compareAll(): Promise<number> {
  let compared = 0;
  for (const f of await filters()) {
    const heat = [await heatCells(app.db, f), await heatCells(app.db, f, REQUEST_SOURCE)];
    expect(byCell(heat[0]!), `heat ${JSON.stringify(f)}`).toEqual(byCell(heat[1]!));
    // Ordered in SQL (total, neighbourhood, rank): compared as given.
    expect(await topCategories(app.db, f, 3), `top ${JSON.stringify(f)}`).toEqual(
      await topCategories(app.db, f, 3, REQUEST_SOURCE),
    );
    compared += heat[1]!.length;
    for (const spots of [
      { radiusM: 150, minCount: 2, limit: 200 },
      { radiusM: 60, minCount: 2, limit: 5 },
    ]) {
      // A mean of floats differs in its last bits with the order rows are summed in (a plan's choice,
      // for the reference too): points compared to a millionth of a metre.
      const near = (rows: Awaited<ReturnType<typeof hotspots>>) =>
        rows.map((r) => ({ ...r, lat: r.lat && Number(r.lat).toFixed(11), lng: r.lng && Number(r.lng).toFixed(11) }));
      const [fast, raw] = [near(await hotspots(app.db, f, spots)), near(await rawHotspots(app.db, f, spots))];
      expect(fast, `hotspots ${JSON.stringify([f, spots])}`).toEqual(raw);
      compared += raw.length;
    }
    for (const g of GROUP_BYS) {
      const days = [await dailyCounts(app.db, g, f), await dailyCounts(app.db, g, f, REQUEST_SOURCE)];
      expect(byDay(days[0]!), `daily ${g} ${JSON.stringify(f)}`).toEqual(byDay(days[1]!));
      compared += days[1]!.length;
      // The month roll-up (028) over the whole Jalali months the range touches (in another zone than
      // the roll-ups' the requests answer, per day: the service buckets either into periods alike).
      const whole = { ...f, from: jalaliPeriodOf(f.from, 'month').start, to: jalaliPeriodOf(f.to, 'month').end };
      const months = await dailyCounts(app.db, g, whole, 'months');
      expect(perMonth(months), `monthly ${g} ${JSON.stringify(whole)}`).toEqual(
        perMonth(await dailyCounts(app.db, g, whole, REQUEST_SOURCE)),
      );
      const [fast, raw] = [await resolutionTimes(app.db, g, f), await rawResolutionTimes(app.db, g, f)];
      expect(byKey(fast), `resolution ${g} ${JSON.stringify(f)}`).toEqual(byKey(raw));
      compared += raw.length;
    }
    for (const now of [NOW, new Date('2025-12-01T00:00:00Z')]) {
      const u = { timeZone: f.timeZone, from: f.from, to: f.to, now, neighbourhoodIds: f.neighbourhoodIds };
      const [fast, raw] = [await unitAccountability(app.db, u), await rawUnitAccountability(app.db, u)];
      expect(byUnit(fast), `units ${JSON.stringify(u)}`).toEqual(byUnit(raw));
      compared += raw.length;
    }
  }
  return compared;
}

beforeAll(async () => {
  app = await startTestApp();
  await seedVaried(q);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('the grouped resolution and unit figures', () => {
  it('equal the per-row reference on a varied seed', async () => {
    const [counts] = await q<{ r: number; f: number; a: number }>(
      `SELECT (SELECT count(*) FROM requests)::int r, (SELECT count(*) FROM referrals)::int f,
              (SELECT count(*) FROM feedback_answers)::int a`,
    );
    // The seed must really hold what is compared: several hundred of each.
    expect(counts!.r).toBe(400);
    expect(counts!.f).toBeGreaterThan(300);
    expect(counts!.a).toBeGreaterThan(200);
    expect(await compareAll()).toBeGreaterThan(200);
  });

  it('still equal it after statuses, categories and units change, re-referrals and reopens', async () => {
    await q(`SELECT setseed(0.41)`);
    await q(
      `UPDATE requests SET status = CASE WHEN random() < 0.5 THEN 'closed' ELSE 'special-follow-up' END,
              closed_at = CASE WHEN random() < 0.5 THEN created_at + interval '9 days' END
        WHERE random() < 0.25`,
    );
    await q(
      `UPDATE requests SET category_id = (SELECT id FROM categories ORDER BY random() LIMIT 1),
              unit_id = (SELECT id FROM units ORDER BY id DESC LIMIT 1), hazard = NOT hazard
        WHERE random() < 0.2`,
    );
    await q(
      `UPDATE referrals SET ended_at = referred_at + interval '3 hours', outcome = 're-referred' WHERE ended_at IS NULL AND random() < 0.5`,
    );
    await referrals(
      q,
      `random() < 0.3 AND NOT EXISTS (SELECT 1 FROM referrals o WHERE o.request_id = r.id AND o.ended_at IS NULL)`,
      'second',
    );
    await q(
      `INSERT INTO feedback_answers (request_id, kind, via, resolved, at)
       SELECT r.id, 'reopen', 'sms', false, r.created_at + interval '70 days' FROM requests r WHERE random() < 0.2`,
    );
    expect(await compareAll()).toBeGreaterThan(200);
  });

  it('counts in the roll-up equal the requests after deletes, and it holds the requests in Tehran days', async () => {
    await q(`DELETE FROM requests WHERE id IN (SELECT id FROM requests ORDER BY id DESC LIMIT 25)`);
    const [sums] = await q<{ rolled: number; requests: number; wrong: number }>(
      `SELECT (SELECT sum(n) FROM request_daily_counts)::int AS rolled, (SELECT count(*) FROM requests)::int AS requests,
              (SELECT count(*) FROM request_daily_counts d
                WHERE d.n <> (SELECT count(*) FROM requests r WHERE (r.created_at AT TIME ZONE 'Asia/Tehran')::date = d.day
                                AND r.category_id = d.category_id AND r.status = d.status AND r.channel = d.channel
                                AND r.hazard = d.hazard AND r.unit_id IS NOT DISTINCT FROM d.unit_id
                                AND r.neighbourhood_id IS NOT DISTINCT FROM d.neighbourhood_id))::int AS wrong`,
    );
    expect(sums).toEqual({ rolled: 375, requests: 375, wrong: 0 });
    expect(await compareAll()).toBeGreaterThan(200);
  });

  it('keeps by triggers the very facts and month counts a rebuild computes (migration 028)', async () => {
    const snapshot = () =>
      Promise.all([
        q<Record<string, unknown>>(`SELECT * FROM request_facts ORDER BY id`),
        q<Record<string, unknown>>(`SELECT * FROM referral_facts ORDER BY id`),
      ]);
    const kept = await snapshot();
    const [live] = await q<{ r: number; f: number }>(
      `SELECT (SELECT count(*) FROM requests)::int r, (SELECT count(*) FROM referrals)::int f`,
    );
    expect([kept[0].length, kept[1].length]).toEqual([live!.r, live!.f]);
    expect(kept[0].filter((x) => x.asked === true).length).toBeGreaterThan(10);
    expect(kept[1].filter((x) => x.reopened === true).length).toBeGreaterThan(10);
    const months = await q(`SELECT * FROM request_monthly_counts ORDER BY layer, month, category_id, neighbourhood_id,
                                   unit_id, hazard, channel, status`);
    expect(months.length).toBeGreaterThan(100);
    await q(`SELECT analytics_facts_rebuild()`);
    expect(await snapshot()).toEqual(kept);
    await q(`SELECT analytics_rollup_rebuild()`);
    expect(
      await q(`SELECT * FROM request_monthly_counts ORDER BY layer, month, category_id, neighbourhood_id,
                                   unit_id, hazard, channel, status`),
    ).toEqual(months);
  });
});
