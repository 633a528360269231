import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawResolutionTimes, rawUnitAccountability } from '../../../src/analytics/analytics-raw-repository.ts';
import { GROUP_BYS, type RequestFilter, type UnitQuery } from '../../../src/analytics/analytics-repository.ts';
import { resolutionFigures, unitFigures } from '../../../src/analytics/histogram-figures.ts';
import { refreshHistograms, splitRange } from '../../../src/analytics/histogram-repository.ts';
import { bucketOf, bucketStartHours, percentileOf } from '../../../src/analytics/histogram.ts';
import { hotspotIndex } from '../../../src/analytics/hotspot-index.ts';
import { hotspots } from '../../../src/analytics/places-repository.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { seedVaried } from './varied-seed.ts';

// The month histograms of migration 031 against the exact per-row reference: counts equal, medians
// and 90th percentiles within one bucket (9 %); fresh after changes before any refresh (changed
// months are read from the facts); rebuilt once across concurrent refreshes; emptied with the facts.

let app: TestApp;
const q = <T>(sql: string, params: unknown[] = []) => app.db.query(sql, params).then((r) => r.rows as T[]);
const NOW = new Date('2026-11-20T08:00:00Z');
const ALL: RequestFilter = {
  timeZone: 'Asia/Tehran',
  from: '2025-01-01',
  to: '2026-12-31',
  categoryId: null,
  districtId: null,
  unitId: null,
  hazard: null,
  neighbourhoodIds: null,
};

/** Within one bucket of the exact value (buckets are 9 % of minutes + 1). */
function near(fast: number | null, exact: number | null, what: string): void {
  if (exact === null) return expect(fast, what).toBeNull();
  expect(fast, what).not.toBeNull();
  expect(Math.abs(fast! - exact), `${what}: ${fast} vs ${exact}`).toBeLessThanOrEqual(0.0906 * (exact + 1 / 60) + 1e-9);
}

async function filters(): Promise<RequestFilter[]> {
  const [leaf] = await q<{ id: number }>(
    `SELECT category_id AS id FROM requests GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const [district] = await q<{ id: number }>(
    `SELECT district_id AS id FROM neighbourhoods WHERE district_id IS NOT NULL LIMIT 1`,
  );
  const [unit] = await q<{ id: number }>(`SELECT unit_id AS id FROM requests WHERE unit_id IS NOT NULL LIMIT 1`);
  const hoods = (await q<{ id: number }>(`SELECT id FROM neighbourhoods ORDER BY id LIMIT 3`)).map((r) => r.id);
  return [
    ALL,
    { ...ALL, from: '2025-10-10', to: '2026-04-02' }, // whole months between edge days
    { ...ALL, from: '2025-03-01', to: '2026-03-25' }, // a whole year between edge days
    { ...ALL, categoryId: leaf!.id },
    { ...ALL, districtId: district!.id },
    { ...ALL, unitId: unit!.id, hazard: false },
    { ...ALL, neighbourhoodIds: hoods },
    { ...ALL, timeZone: 'UTC' }, // not the histograms' zone: exact, from the facts
  ];
}

async function compareResolution(exactCounts = true): Promise<number> {
  let compared = 0;
  for (const f of await filters()) {
    for (const g of GROUP_BYS) {
      const exact = new Map((await rawResolutionTimes(app.db, g, f)).map((r) => [r.key, r]));
      const fast = await resolutionFigures(app.db, g, f);
      expect(fast.map((r) => r.key).sort(), `keys ${g}`).toEqual([...exact.keys()].sort());
      for (const r of fast) {
        const e = exact.get(r.key)!;
        const what = `${g}=${r.key} ${JSON.stringify(f)}`;
        const counts = (x: typeof r) => [
          x.requests,
          x.closed,
          x.feedbackAnswered,
          x.feedbackResolved,
          x.doneOrClosed,
          x.feedbackAsked,
        ];
        if (exactCounts) expect(counts(r), what).toEqual(counts(e));
        expect([r.labelFa, r.labelEn], what).toEqual([e.labelFa, e.labelEn]);
        near(r.medianHours, e.medianHours, `median ${what}`);
        near(r.p90Hours, e.p90Hours, `p90 ${what}`);
        compared++;
      }
    }
  }
  return compared;
}

/** The in-memory counted hotspots equal the facts' (null where the index does not answer). */
async function compareHotspots(): Promise<number> {
  let compared = 0;
  // A mean of floats differs in its last bits with the order rows are summed in.
  const near = (rows: Awaited<ReturnType<typeof hotspots>>) =>
    rows.map((r) => ({ ...r, lat: r.lat && Number(r.lat).toFixed(11), lng: r.lng && Number(r.lng).toFixed(11) }));
  for (const f of await filters()) {
    for (const spots of [
      { radiusM: 150, minCount: 2, limit: 200 },
      { radiusM: 150, minCount: 2, limit: 5 },
      { radiusM: 150, minCount: 4, limit: 3 },
    ]) {
      const fast = await hotspotIndex(app.db).hotspots(f, spots);
      if (fast === null) continue;
      const exact = await hotspots(app.db, f, spots);
      expect(near(fast), `hotspots ${JSON.stringify([f, spots])}`).toEqual(near(exact));
      compared += exact.length;
    }
  }
  return compared;
}

async function compareUnits(): Promise<number> {
  let compared = 0;
  for (const f of await filters()) {
    for (const now of [NOW, new Date('2025-12-01T00:00:00Z')]) {
      const u: UnitQuery = { timeZone: f.timeZone, from: f.from, to: f.to, now, neighbourhoodIds: f.neighbourhoodIds };
      const exact = new Map((await rawUnitAccountability(app.db, u)).map((r) => [r.unitId, r]));
      const fast = await unitFigures(app.db, u);
      expect(fast.map((r) => r.unitId).sort(), 'units').toEqual([...exact.keys()].sort());
      for (const r of fast) {
        const e = exact.get(r.unitId)!;
        const what = `unit ${r.unitId} ${JSON.stringify(u)}`;
        const { medianDaysOverdue: m, reopened, ...counts } = r;
        const { medianDaysOverdue: em, reopened: eReopened, ...eCounts } = e;
        expect(counts, what).toEqual(eCounts);
        // Requests reopened are counted once per month: one reopened after referrals in two months counts twice.
        expect(reopened, what).toBeGreaterThanOrEqual(eReopened);
        expect(reopened, what).toBeLessThanOrEqual(eReopened * 1.5 + 1);
        near(m === null ? null : m * 24, em === null ? null : em * 24, `days overdue ${what}`);
        compared++;
      }
    }
  }
  return compared;
}

/** Refreshes until no month is left to rebuild; how many were. */
async function refreshAll(): Promise<number> {
  let built = 0;
  for (;;) {
    const n = await refreshHistograms(app.db, 100);
    if (n === 0) return built;
    built += n;
  }
}

beforeAll(async () => {
  app = await startTestApp();
  await seedVaried(q);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('percentiles off a histogram', () => {
  it('puts a duration in the bucket SQL does and reads percentile_cont back within a bucket', async () => {
    for (const h of [0, 0.001, 0.5, 1, 23.9, 24, 100, 2000, 43_800]) {
      const [sql] = await q<{ b: number }>(`SELECT analytics_bucket($1) AS b`, [h]);
      expect(bucketOf(h), `${h} h`).toBe(sql!.b);
      expect(bucketStartHours(bucketOf(h))).toBeLessThanOrEqual(h + 1e-12);
      expect(bucketStartHours(bucketOf(h) + 1)).toBeGreaterThan(h);
    }
    expect(percentileOf([], 0.5)).toBeNull();
    const values = [1, 2, 2.5, 3, 7, 8, 30, 31, 200];
    const bins = new Map<number, number>();
    for (const v of values) bins.set(bucketOf(v), (bins.get(bucketOf(v)) ?? 0) + 1);
    const hist = [...bins].map(([bucket, n]) => ({ bucket, n }));
    near(percentileOf(hist, 0.5), 7, 'median');
    near(percentileOf(hist, 0.9), 31 + 0.2 * (200 - 31), 'p90');
  });
});

describe('the month histograms (migration 031)', () => {
  it('before any refresh, the figures are the exact ones (every month read from the facts)', async () => {
    expect((await splitRange(app.db, 0, 'Asia/Tehran', ALL.from, ALL.to)).periods).toEqual([]);
    expect(await compareResolution()).toBeGreaterThan(50);
  });

  it('built, they give the same counts and percentiles within a bucket, for every grouping and filter', async () => {
    expect(await refreshAll()).toBeGreaterThan(20);
    const split = await splitRange(app.db, 0, 'Asia/Tehran', '2025-10-10', '2026-04-02');
    expect(split.periods.map((p) => [p.span, p.from])).toEqual([
      [0, '2025-10-23'],
      [0, '2025-11-22'],
      [0, '2025-12-22'],
      [0, '2026-01-21'],
      [0, '2026-02-20'],
    ]);
    expect(split.factWindows).toEqual([
      { from: '2025-10-10', to: '2025-10-23' },
      { from: '2026-03-21', to: '2026-04-03' },
    ]);
    // Year 1404 (2025-03-21 … 2026-03-20) is over and built: a range holding it reads one year.
    const years = await splitRange(app.db, 0, 'Asia/Tehran', '2025-03-01', '2026-03-25');
    expect(years.periods.map((p) => [p.span, p.from, p.to])).toEqual([[1, '2025-03-21', '2026-03-21']]);
    expect(years.factWindows).toEqual([
      { from: '2025-03-01', to: '2025-03-21' },
      { from: '2026-03-21', to: '2026-03-26' },
    ]);
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_fact_changes`))[0]!.n).toBe(0);
    expect(await compareResolution()).toBeGreaterThan(50);
    expect(await compareUnits()).toBeGreaterThan(10);
    expect(await compareHotspots()).toBeGreaterThan(50);
    // Not at another radius, nor under a unit's filter: those are read from the facts.
    expect(await hotspotIndex(app.db).hotspots(ALL, { radiusM: 60, minCount: 2, limit: 5 })).toBeNull();
    expect(
      await hotspotIndex(app.db).hotspots({ ...ALL, hazard: true }, { radiusM: 150, minCount: 2, limit: 5 }),
    ).toBeNull();
  });

  it('stay right after changes before the refresh, and after it', async () => {
    await q(`SELECT setseed(0.52)`);
    await q(
      `UPDATE requests SET status = 'closed', closed_at = created_at + interval '2 days' * (1 + random() * 9)
        WHERE random() < 0.3`,
    );
    await q(`UPDATE referrals SET done_at = deadline_at + interval '5 days', ended_at = deadline_at + interval '5 days',
                    outcome = 'done' WHERE ended_at IS NULL AND random() < 0.5`);
    const marked = await q<{ n: number }>(`SELECT count(DISTINCT month)::int AS n FROM analytics_fact_changes`);
    expect(marked[0]!.n).toBeGreaterThan(5);
    expect(await compareResolution()).toBeGreaterThan(50);
    expect(await compareUnits()).toBeGreaterThan(10);
    await refreshAll();
    expect(await compareResolution()).toBeGreaterThan(50);
    expect(await compareUnits()).toBeGreaterThan(10);
    expect(await compareHotspots()).toBeGreaterThan(20);
    // Places moved and new ones typed in one month (Dey 1404): keys no built month holds yet,
    // counted from the facts of that month while the others come from memory.
    const dey = `created_at >= '2025-12-21 20:30+00' AND created_at < '2026-01-20 20:30+00'`;
    await q(`UPDATE requests SET lat = lat + 0.003, lng = lng - 0.002 WHERE lat IS NOT NULL AND ${dey}`);
    await q(`UPDATE requests SET address = 'میدان تازه ' || (id % 2) WHERE lat IS NULL AND ${dey}`);
    expect((await splitRange(app.db, 0, 'Asia/Tehran', ALL.from, ALL.to)).factWindows.length).toBe(3);
    expect(await compareHotspots()).toBeGreaterThan(20);
    await refreshAll();
    expect(await compareHotspots()).toBeGreaterThan(20);
  });

  it("are not marked by a write that changes no fact (a referral touched, its request's facts upserted as they were)", async () => {
    await refreshAll();
    await q(
      `UPDATE referrals SET deadline_hours = deadline_hours WHERE id IN (SELECT id FROM referrals ORDER BY id LIMIT 50)`,
    );
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_fact_changes`))[0]!.n).toBe(0);
    // An escalation step writes the referral's level: its request's facts are not even recomputed
    // (migration 032); a change of what they are made of still is.
    const versions = () => q<{ v: string }>(`SELECT xmin::text AS v FROM request_facts ORDER BY id`);
    const before = await versions();
    await q(`UPDATE referrals SET escalation_level = escalation_level + 1`);
    expect(await versions()).toEqual(before);
    await q(
      `UPDATE referrals SET deadline_at = deadline_at + interval '1 hour' WHERE id = (SELECT min(id) FROM referrals)`,
    );
    expect(await versions()).not.toEqual(before);
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_fact_changes`))[0]!.n).toBe(1);
  });

  it('are refreshed by one node at a time, and go with the facts they were built from', async () => {
    await q(`UPDATE requests SET hazard = NOT hazard WHERE id IN (SELECT id FROM requests ORDER BY id LIMIT 40)`);
    const runs = await Promise.all([refreshHistograms(app.db, 100), refreshHistograms(app.db, 100)]);
    expect(runs.filter((n) => n > 0).length).toBeLessThanOrEqual(1);
    await refreshAll();
    await q(`SELECT analytics_facts_rebuild()`);
    expect((await q<{ n: number }>(`SELECT count(*)::int AS n FROM analytics_histogram_months`))[0]!.n).toBe(0);
    expect(await compareResolution()).toBeGreaterThan(50);
    expect(await refreshAll()).toBeGreaterThan(20);
    expect(await compareResolution()).toBeGreaterThan(50);
  });
});
