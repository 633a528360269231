import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isTransientDbError } from '../../../src/db/index.ts';
import { isDatabaseUnreachable } from '../../../src/shared/index.ts';
import { freePort } from '../../faults/ports.ts';

// Which failures are "the database is away" (wait and retry, answer 503) and which are "this
// statement is wrong" (fail now): told apart on real errors from pg, not hand-made objects.
const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function errorOf(url: string, sql: string): Promise<unknown> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query(sql);
  } catch (err) {
    return err;
  } finally {
    await c.end().catch(() => undefined);
  }
  throw new Error(`${sql} did not fail`);
}

describe('database errors', () => {
  it('a refused connection is the database away: retried by writers, 503 over HTTP', async () => {
    const err = await errorOf(`postgres://postgres@127.0.0.1:${await freePort()}/x`, 'SELECT 1');
    expect(isTransientDbError(err)).toBe(true);
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it('a connection cut by the server (administrator command) is too', async () => {
    const victim = new pg.Client({ connectionString: ADMIN_URL });
    await victim.connect();
    const pid = (await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    victim.on('error', () => undefined);
    const killer = new pg.Client({ connectionString: ADMIN_URL });
    await killer.connect();
    const dying = victim.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    await killer.end();
    const err = await dying;
    await victim.end().catch(() => undefined);
    expect((err as { code?: string }).code).toBe('57P01');
    expect(isTransientDbError(err)).toBe(true);
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it('a wrong statement or a broken constraint fails at once, and is no 503', async () => {
    for (const sql of ['SELEC 1', 'SELECT 1/0', `SELECT 'x'::int`]) {
      const err = await errorOf(ADMIN_URL, sql);
      expect(isTransientDbError(err), sql).toBe(false);
      expect(isDatabaseUnreachable(err), sql).toBe(false);
    }
    expect(isDatabaseUnreachable(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientDbError(new TypeError('x is undefined'))).toBe(false);
  });
});
