import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { seedVaried } from './varied-seed.ts';

// Migration 030 writes the analytics of an INSERT directly (a new request's facts, the new
// referrals' facts, day and month counts grouped per statement) instead of recomputing them: what
// it leaves in the tables must be exactly what the full rebuilds (028's and 023's reference
// passes) compute from the same rows: multi-row inserts, closed requests, referrals done or not,
// a referral after the citizen's reopen, a request and its referrals in one statement.

let t: TestDb;
const q = <T>(sql: string, params: unknown[] = []) => t.pool.query(sql, params).then((r) => r.rows as T[]);

const TABLES = {
  request_facts: 'id',
  referral_facts: 'id',
  request_daily_counts: 'day, category_id, neighbourhood_id, unit_id, channel, hazard, status',
  request_monthly_counts: 'layer, month, category_id, neighbourhood_id, unit_id, hazard, channel, status',
} as const;

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(TABLES))
    out[table] = (await q<{ j: unknown }>(`SELECT to_jsonb(x) AS j FROM ${table} x ORDER BY ${order}`)).map((r) => r.j);
  return out;
}

/** The triggers' tables, then the same tables rebuilt from scratch by the reference passes. */
async function keptAndRebuilt() {
  const kept = await snapshot();
  await q(`SELECT analytics_facts_rebuild()`);
  await q(`SELECT analytics_rollup_rebuild()`);
  return { kept, rebuilt: await snapshot() };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedVaried(q);
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

describe('analytics written on INSERT (migration 030)', () => {
  it('equal the rebuilt facts and counts after a varied seed', async () => {
    const [n] = await q<{ r: number; f: number; open: number }>(
      `SELECT (SELECT count(*) FROM request_facts)::int r, (SELECT count(*) FROM referral_facts)::int f,
              (SELECT count(*) FROM referrals WHERE done_at IS NULL)::int open`,
    );
    expect(n).toMatchObject({ r: 400 });
    expect(n!.f).toBeGreaterThan(300);
    expect(n!.open).toBeGreaterThan(50);
    const { kept, rebuilt } = await keptAndRebuilt();
    expect(kept).toEqual(rebuilt);
  });

  it('equal them after referrals with none done (the direct path), after reopens and follow-ups', async () => {
    await q(`SELECT setseed(0.73)`);
    await q(
      `UPDATE referrals SET ended_at = referred_at + interval '1 hour', outcome = 're-referred' WHERE ended_at IS NULL`,
    );
    // Referred before some of the citizen's reopens and special follow-ups and after others.
    await q(
      `INSERT INTO referrals (request_id, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis)
       SELECT r.id, (SELECT min(id) FROM units), r.created_at + interval '20 days', r.created_at + interval '21 days', 24, 'working'
         FROM requests r WHERE random() < 0.5`,
    );
    const [fresh] = await q<{ n: number }>(`SELECT count(*)::int n FROM referral_facts WHERE ended_at IS NULL`);
    expect(fresh!.n).toBeGreaterThan(100);
    const { kept, rebuilt } = await keptAndRebuilt();
    expect(kept).toEqual(rebuilt);
  });

  it('equal them after requests and their referrals inserted by one statement, done or not', async () => {
    for (const [from, done] of [
      [31000000, 'false'],
      [32000000, 'r.id % 2 = 0'],
    ] as const) {
      await q(
        `WITH c AS (SELECT min(id) AS id FROM categories), n AS (SELECT min(id) AS id FROM neighbourhoods),
              u AS (SELECT min(id) AS id FROM units),
              r AS (
                INSERT INTO requests (tracking_code, category_id, neighbourhood_id, unit_id, description, hazard, channel,
                                      status, created_at, closed_at, address)
                SELECT ($1 + g)::text, c.id, CASE WHEN g % 3 = 0 THEN NULL ELSE n.id END, u.id, 'together', g % 4 = 0,
                       'app', CASE WHEN g % 5 = 0 THEN 'closed' ELSE 'referred' END,
                       timestamptz '2026-03-19 20:00+00' + g * interval '3 hours',
                       CASE WHEN g % 5 = 0 THEN timestamptz '2026-03-25 00:00+00' END, ' خيابان  '
                  FROM generate_series(1, 12) g, c, n, u
                RETURNING id, created_at, unit_id)
         INSERT INTO referrals (request_id, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis, done_at,
                                ended_at, outcome)
         SELECT r.id, r.unit_id, r.created_at, r.created_at + interval '1 day', 24, 'working',
                CASE WHEN ${done} THEN r.created_at + interval '5 hours' END,
                CASE WHEN ${done} THEN r.created_at + interval '5 hours' END, CASE WHEN ${done} THEN 'done' END
           FROM r`,
        [from],
      );
    }
    const { kept, rebuilt } = await keptAndRebuilt();
    expect(kept.request_facts).toHaveLength(424);
    expect(kept).toEqual(rebuilt);
  });
});
