import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../../src/auth/index.ts';
import { startStateInterval } from '../../../src/cti/operator-repository.ts';
import { createTestDatabase, type TestDb } from '../../helpers/db.ts';

// A database outage can lose the answer to a commit that did happen; the interval writer then
// sends the same write again. The second write must change nothing.
let t: TestDb;
let operatorId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoUsers(t.pool, 'demo-password-1');
  const r = await t.pool.query<{ id: string }>(`SELECT id FROM operators ORDER BY id LIMIT 1`);
  operatorId = r.rows[0]!.id;
});
afterAll(() => t.drop());

const shift = { name: 'morning', date: '2026-12-06' };

describe('operator state intervals', () => {
  it('are written once when a write is sent again', async () => {
    const ready = { operatorId, state: 'ready', reason: null, at: new Date('2026-12-06T05:00:00Z'), shift };
    const talking = { operatorId, state: 'talking', reason: null, at: new Date('2026-12-06T05:01:00Z'), shift };
    await startStateInterval(t.pool, ready);
    await startStateInterval(t.pool, talking);
    await startStateInterval(t.pool, talking); // the retry
    const rows = await t.pool.query(
      `SELECT state, started_at, ended_at FROM operator_state_intervals WHERE operator_id = $1 ORDER BY started_at`,
      [operatorId],
    );
    expect(rows.rows).toEqual([
      { state: 'ready', started_at: ready.at, ended_at: talking.at },
      { state: 'talking', started_at: talking.at, ended_at: null },
    ]);
  });
});
