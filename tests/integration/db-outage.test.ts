import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { dial, hangUpCaller, live } from '../helpers/calls.ts';
import { createTestDatabase, type TestDb } from '../helpers/db.ts';
import { api, login } from '../helpers/http.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { waitFor } from '../helpers/wait.ts';

/** The database is reached through a proxy that the test switches off and on. */
describe('a database that is down', () => {
  let db: TestDb;
  let proxy: TcpProxy;
  let app: TestApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = new TcpProxy('127.0.0.1', 5432);
    await proxy.listen();
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('at start: cti137 waits for it, then comes up by itself', async () => {
    proxy.down();
    const url = new URL(db.url);
    url.port = String(proxy.port);
    let started = false;
    const starting = startTestApp({ DATABASE_URL: url.toString() }, { db, keepDb: true }).then((a) => {
      started = true;
      app = a;
      return a;
    });
    // Three connection attempts refused (it retries after 250 ms, then 500 ms): still waiting, not started.
    await waitFor(() => proxy.refused >= 3, 10_000, 'cti137 retrying the database');
    expect(started).toBe(false);
    proxy.up = true;
    await starting;
    const health = await fetch(`${app!.url}/health`);
    expect(health.status).toBe(200);
  });

  it('while running: health says so, nothing acknowledged is lost, and it recovers', async () => {
    const a = app!;
    const cookie = await login(a.url, 'operator1');
    proxy.down();
    await waitFor(async () => (await fetch(`${a.url}/health`)).status === 503, 10_000, 'health 503');
    const body = (await (await fetch(`${a.url}/health`)).json()) as { database: string };
    expect(body.database).toBe('down');

    // A call that comes and goes while the database is away is recorded once it is back.
    const { channelId } = await dial(a, '09131234567');
    await waitFor(() => live(a, channelId) !== undefined, 5000, 'call tracked');
    await hangUpCaller(a, channelId);
    // A request refused while the database is down is refused clearly, not half-saved.
    const refused = await api<{ error: { code: string } }>(a.url, cookie, 'GET', '/api/v1/categories');
    expect(refused.status).toBeGreaterThanOrEqual(500);

    proxy.up = true;
    await waitFor(async () => (await fetch(`${a.url}/health`)).status === 200, 15_000, 'health back');
    await waitFor(
      async () => {
        const r = await db.pool.query(`SELECT end_reason FROM calls WHERE linkedid = $1 AND ended_at IS NOT NULL`, [
          channelId,
        ]);
        return r.rowCount === 1;
      },
      15_000,
      'call recorded after recovery',
    );
    const ok = await api(a.url, cookie, 'GET', '/api/v1/categories');
    expect(ok.status).toBe(200);
  });
});
