// A flood from one signed-in user must not drain the database pool for everyone: socket events
// (/desk resync, /wallboard snapshot) and REST requests are counted per user and refused past a
// limit no real desk reaches, with a code the client can tell apart and, over HTTP, Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { Ack } from '../../../src/shared/index.ts';
import { startTestApp, type TestApp } from '../../helpers/app.ts';
import { callReachingOperator } from '../../helpers/calls.ts';
import { api, login } from '../../helpers/http.ts';
import { setState, signIn, type Operator } from '../../helpers/operators.ts';
import { connected, openDesk } from '../../helpers/sockets.ts';
import { waitFor } from '../../helpers/wait.ts';

const CALLER = '09151112233';
const BURST = 20;
const API_PER_MINUTE = 40;

/** Emits `event` `n` times at once; the acks (null: none came back in time). */
async function flood(socket: Socket, event: string, n: number): Promise<Array<Ack<unknown> | null>> {
  return Promise.all(
    Array.from({ length: n }, () =>
      socket
        .timeout(10_000)
        .emitWithAck(event)
        .then(
          (r: Ack<unknown>) => r,
          () => null,
        ),
    ),
  );
}

const countAudit = async (app: TestApp, action: string) =>
  Number(
    (await app.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [action])).rows[0]!.n,
  );

describe('rate limits', () => {
  let app: TestApp;
  let op1: Operator;

  beforeAll(async () => {
    app = await startTestApp({
      RATE_LIMIT_SOCKET_BURST: String(BURST),
      RATE_LIMIT_SOCKET_PER_MINUTE: '60',
      RATE_LIMIT_API_PER_MINUTE: String(API_PER_MINUTE),
    });
    op1 = await signIn(app, 'operator1');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses most of a burst of desk resyncs: audit rows stay bounded, the desk keeps working', async () => {
    // A known citizen on the desk's current call: each served resync is an audited view of their history.
    const cats = await api<Array<{ id: string; parentId: string | null; hazard: boolean }>>(
      app.url,
      op1.cookie,
      'GET',
      '/api/v1/categories',
    );
    const categoryId = cats.body.find((c) => c.parentId !== null && !c.hazard)!.id;
    const earlier = await api(app.url, op1.cookie, 'POST', '/api/v1/requests', {
      phone: CALLER,
      categoryId,
      description: 'سطل زباله سرریز شده است',
    });
    expect(earlier.status).toBe(201);
    const desk = await openDesk(app.url, op1.cookie);
    try {
      const popped = new Promise((r) => desk.once('screen-pop', r));
      await setState(app, op1, 'ready');
      await callReachingOperator(app, CALLER, '1001');
      await popped;
      const before = await countAudit(app, 'screen-pop-resync');

      const acks = await flood(desk, 'resync', 1000);
      const served = acks.filter((a) => a?.ok).length;
      const refused = acks.filter((a) => a && !a.ok && a.error.code === 'RATE_LIMITED');
      // The bucket's burst, plus what refills (one a second) while the flood is served.
      expect(served).toBeGreaterThanOrEqual(1);
      expect(served).toBeLessThanOrEqual(BURST + 10);
      expect(refused.length).toBe(1000 - served);
      expect(refused[0]!.ok === false && refused[0]!.error.message).toMatch(/try again in \d+ s/);
      expect((await countAudit(app, 'screen-pop-resync')) - before).toBe(served);

      // Once the bucket refills, the same desk is served again.
      const again = await waitFor(
        async () => {
          const [a] = await flood(desk, 'resync', 1);
          return a?.ok ? a : null;
        },
        10_000,
        'resync served again',
      );
      expect(again.ok).toBe(true);
    } finally {
      desk.close();
    }
  });

  it('counts per user: a flooded desk does not stop a colleague', async () => {
    const op2 = await signIn(app, 'operator2');
    const desk = await openDesk(app.url, op2.cookie);
    try {
      const [a] = await flood(desk, 'resync', 1);
      expect(a?.ok).toBe(true);
    } finally {
      desk.close();
    }
  });

  it('refuses most of a burst of wallboard snapshots', async () => {
    const cookie = await login(app.url, 'supervisor1');
    const wb = ioClient(`${app.url}/wallboard`, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await connected(wb);
      const acks = await flood(wb, 'snapshot', 300);
      const served = acks.filter((a) => a?.ok).length;
      expect(served).toBeGreaterThanOrEqual(1);
      expect(served).toBeLessThanOrEqual(BURST + 10);
      expect(acks.filter((a) => a && !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(300 - served);
    } finally {
      wb.close();
    }
  });

  it('answers a REST burst from one user with 429 and Retry-After; other users are not affected', async () => {
    const user = await login(app.url, 'supervisor1');
    const other = await login(app.url, 'operator3');
    const res = await Promise.all(
      Array.from({ length: API_PER_MINUTE + 20 }, () =>
        fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie: user } }),
      ),
    );
    const limited = res.filter((r) => r.status === 429);
    expect(res.filter((r) => r.status === 200).length).toBeLessThanOrEqual(API_PER_MINUTE);
    expect(limited.length).toBeGreaterThanOrEqual(20);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited[0]!.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // operator3 is another client: served.
    expect((await api(app.url, other, 'GET', '/api/v1/auth/me')).status).toBe(200);
    // /health is outside the API scope: a load balancer's probe is never limited.
    expect((await fetch(`${app.url}/health`)).status).not.toBe(429);
  });
});
