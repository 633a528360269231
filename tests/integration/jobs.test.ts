import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobs, type Jobs } from '../../src/jobs/jobs.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';
import { waitFor } from '../helpers/wait.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each([
  ['redis', true],
  ['postgres', false],
])('BullMQ jobs on %s', (backend, useRedis) => {
  let db: TestDb;
  let jobs: Jobs;
  beforeAll(async () => {
    db = await createTestDatabase();
    jobs = createJobs({
      redisUrl: useRedis ? REDIS_URL : null,
      databaseUrl: db.url,
      prefix: `t${randomBytes(4).toString('hex')}`,
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await jobs?.close();
    await db?.drop();
  });

  it('runs a delayed job once, after its delay', async () => {
    expect(jobs.backend).toBe(backend);
    const seen: Array<{ data: unknown; at: number }> = [];
    jobs.handle('wrapup-end', async (data) => {
      seen.push({ data, at: Date.now() });
    });
    jobs.start();
    const t0 = Date.now();
    await jobs.schedule('wrapup-end', { operatorId: '7', token: 'abc' }, { delayMs: 300 });
    await waitFor(() => seen.length > 0, 10_000, 'the delayed job');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.data).toEqual({ operatorId: '7', token: 'abc' });
    expect(seen[0]!.at - t0).toBeGreaterThanOrEqual(280);
  });
});
