// Keyset paging of the 137 worklist on the real database: a few hundred rows (some created in the
// same microsecond) paged through while new requests keep arriving, with no duplicate and no gap;
// the default and maximum page sizes; and EXPLAIN showing that the common filters read one of
// migration 013's indexes in the list's order (no sort of the whole table).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worklistSql, type WorklistFilter, type WorklistPage } from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';
import { as, buildRequestApp, categoryId, createUsers, neighbourhoodId, type Users } from './request-fixtures.ts';
import { seedRequest } from './worklist-fixtures.ts';

let t: TestDb;
let app: FastifyInstance;
let graffiti: number;
const TOTAL = 320;

beforeAll(async () => {
  t = await createTestDatabase();
  const users: Users = await createUsers(t.pool);
  app = buildRequestApp(t.pool, users);
  await app.ready();
  graffiti = await categoryId(t.pool, 'graffiti');
  // Every fifth row shares its creation instant with the row before: only the id breaks the tie.
  await t.pool.query(
    `INSERT INTO requests (tracking_code, category_id, description, status, created_at, deadline_at)
     SELECT (60000000 + g)::text, $1, 'graffiti on a wall ' || g, 'registered',
            timestamptz '2026-01-01 00:00:00.123456+00' + ((g - (g % 5 = 0)::int) * interval '37 minutes 1.000001 seconds'),
            now() - interval '1 hour'
       FROM generate_series(1, $2::int) g`,
    [graffiti, TOTAL],
  );
});
afterAll(async () => {
  await app?.close();
  await t?.drop();
});

const page = async (query: string): Promise<WorklistPage> => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/requests?${query}`, cookies: as('supervisor') });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<WorklistPage>();
};

describe('worklist paging', () => {
  it('pages through every row exactly once, newest first, while new requests arrive', async () => {
    const expected = await t.pool.query<{ id: string }>(
      `SELECT r.id::text AS id FROM requests r WHERE r.category_id = $1 ORDER BY r.created_at DESC, r.id DESC`,
      [graffiti],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: WorklistPage = await page(
        `categoryId=${graffiti}&limit=37${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(p.items.length).toBeLessThanOrEqual(37);
      seen.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
      pages++;
      // A new request of the same category between pages: newer than all, so it belongs before
      // the first page and must neither shift nor repeat what follows.
      await seedRequest(t.pool, { category: 'graffiti', createdAt: new Date().toISOString() });
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(TOTAL / 37));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected.rows.map((r) => r.id));
  });

  it('gives 50 by default and at most 200, and an opaque cursor', async () => {
    const first = await page('');
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.nextCursor).not.toContain(first.items[49]!.id);
    expect((await page('limit=200')).items).toHaveLength(200);
    const rest = await page(`limit=200&cursor=${first.nextCursor}`);
    expect(rest.items[0]!.createdAt <= first.items[49]!.createdAt).toBe(true);
    expect(rest.items.map((i) => i.id)).not.toContain(first.items[49]!.id);
  });
});

describe('worklist indexes (EXPLAIN)', () => {
  const cases: Array<[string, Partial<WorklistFilter>]> = [
    ['no filter', {}],
    ['status', { statuses: ['referred'] }],
    ['unit', { unitId: 4 }],
    ['category', { categoryId: 1 }],
    ['neighbourhood', { neighbourhoodId: 1 }],
    ['channel', { channel: 'sms' }],
    ['hazard', { hazard: true }],
    ['overdue', { overdue: true }],
    ['date range', { from: '2026-01-01', to: '2026-03-31' }],
    ['next page', { statuses: ['registered'], after: { us: '1767225600000000', id: '100' } }],
  ];

  it.each(cases)('%s reads a worklist index in order, without sorting', async (_name, filter) => {
    const nb = await neighbourhoodId(t.pool, 'Sajjad');
    const f: WorklistFilter = { limit: 50, ...filter, ...(filter.neighbourhoodId ? { neighbourhoodId: nb } : {}) };
    const { text, values } = worklistSql(f, 'Asia/Tehran');
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('ANALYZE requests');
      // A test table is small enough for a sequential scan to win; on millions of rows it never
      // does. Forbidding it (and bitmap scans, which lose the order) shows what the index gives.
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_bitmapscan = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index Scan (Backward )?using requests_\w+ on requests r/);
      expect(plan).not.toMatch(/\bSort\b/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('free text uses the trigram index', async () => {
    const { text, values } = worklistSql({ limit: 50, text: 'graffiti on a wall 12' }, 'Asia/Tehran');
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      // Left a choice, a small table reads the list's order index and filters; what matters is that
      // the folded text can be looked up in its trigram index (the planner's pick on a big table).
      await client.query('SET LOCAL enable_seqscan = off');
      await client.query('SET LOCAL enable_indexscan = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/requests_worklist_text_idx/);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
