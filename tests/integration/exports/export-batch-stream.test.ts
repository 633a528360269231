// requestExportBatch hands each row to its writer as it comes off the connection (no result
// gathered): the batch stops at its limit and says where the next starts; a writer that throws or
// a query that fails rejects the batch, and the connection goes back to the pool either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestExportBatch, type ExportRecord } from '../../../src/requests/index.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

let db: TestDb;
let categoryId = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  categoryId = (await db.pool.query<{ id: number }>(`SELECT id FROM categories ORDER BY id LIMIT 1`)).rows[0]!.id;
  await db.pool.query(
    `INSERT INTO requests (tracking_code, category_id, description, status, created_at)
     SELECT (80000000 + g)::text, $1, 'row ' || g, 'registered', timestamptz '2025-01-01 00:00:00+00' + g * interval '1 hour'
       FROM generate_series(1, 5) g`,
    [categoryId],
  );
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

const allIdle = () => expect(db.pool.idleCount).toBe(db.pool.totalCount);

describe('requestExportBatch', () => {
  it('streams the newest rows up to the limit, then the rest from where it said', async () => {
    const seen: ExportRecord[] = [];
    const first = await requestExportBatch(db.pool, { categoryId, limit: 3 }, 'Asia/Tehran', (r) => seen.push(r));
    expect(first.rows).toBe(3);
    expect(seen.map((r) => r.tracking_code)).toEqual(['80000005', '80000004', '80000003']);
    expect(seen[0]).toMatchObject({ status: 'registered', created_s: Date.UTC(2025, 0, 1, 5) / 1000, closed_s: null });
    expect(first.next).toEqual({ us: seen[2]!.created_us, id: seen[2]!.id });
    const rest = await requestExportBatch(db.pool, { categoryId, limit: 3, after: first.next! }, 'Asia/Tehran', (r) =>
      seen.push(r),
    );
    expect(rest).toEqual({ rows: 2, next: null });
    expect(seen.map((r) => r.tracking_code).slice(3)).toEqual(['80000002', '80000001']);
    allIdle();
  });

  it('rejects with the writer’s error or the database’s, and gives the connection back', async () => {
    let calls = 0;
    const boom = new Error('the writer failed');
    const failing = requestExportBatch(db.pool, { categoryId, limit: 10 }, 'Asia/Tehran', () => {
      if (++calls === 2) throw boom;
    });
    await expect(failing).rejects.toBe(boom);
    expect(calls).toBe(2); // the rows after the failure are read and dropped
    allIdle();
    const bad = requestExportBatch(db.pool, { categoryId, from: 'not a day', limit: 10 }, 'Asia/Tehran', () => 0);
    await expect(bad).rejects.toThrow(/date/);
    allIdle();
    const after = await requestExportBatch(db.pool, { categoryId, limit: 10 }, 'Asia/Tehran', () => 0);
    expect(after.rows).toBe(5);
  });
});
