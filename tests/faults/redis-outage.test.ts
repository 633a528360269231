import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localFirstAdapter } from '../../src/app/local-first-adapter.ts';
import type { Socket } from 'socket.io-client';
import type { ScreenPop } from '../../src/agent-desk/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { answerPhone, dial, hangUpCaller, hangUpPhone, live, press } from '../helpers/calls.ts';
import { waitForPlay } from '../helpers/ivr.ts';
import { readyOperator, untilReady } from '../helpers/operators.ts';
import { openDesk } from '../helpers/sockets.ts';
import { waitFor } from '../helpers/wait.ts';
import { RedisServer } from './redis-server.ts';
import { report, untilHealthy, untilUnhealthy } from './traffic.ts';

// Redis (socket.io's streams adapter and the BullMQ jobs) is killed while an operator works. The
// desk on this node must not notice: the screen-pop comes and the wrap-up ends while Redis is
// still down; /health says 503 (redis down) meanwhile and 200 once Redis is back.
describe('a Redis outage', () => {
  let redis: RedisServer;
  let app: TestApp;
  let desk: Socket | undefined;

  beforeAll(async () => {
    redis = await RedisServer.create();
    app = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    desk?.close();
    if (redis && !redis.running) await redis.start().catch(() => undefined);
    await app?.close();
    await redis?.kill();
  });

  it('pops the screen and ends the wrap-up without Redis; /health is 503 until Redis is back', async () => {
    expect(app.jobs.backend).toBe('redis');
    const op = await readyOperator(app, 'operator1');
    desk = await openDesk(app.url, op.cookie);
    const pops: ScreenPop[] = [];
    desk.on('screen-pop', (p: ScreenPop) => pops.push(p));

    await redis.kill();
    const down = await untilUnhealthy(app.url);
    expect(down.redis).toBe('down');

    const { channelId } = await dial(app, '09125550101');
    await waitForPlay(app, channelId, 'cti137/menu');
    await press(app, channelId, '1');
    await waitFor(() => pops.length > 0, 10_000, 'screen-pop with Redis down');
    expect(redis.running).toBe(false);
    await answerPhone(app, '1001', channelId);
    await hangUpPhone(app, '1001');
    await hangUpCaller(app, channelId).catch(() => undefined);
    await waitFor(() => live(app, channelId) === undefined, 10_000, 'call over');
    // WRAPUP_SECONDS is 1 in tests: the local timer ends it; the job in Redis cannot run now.
    await untilReady(app, op);
    expect(redis.running).toBe(false);
    expect((await fetch(`${app.url}/health`)).status).toBe(503);

    await redis.start();
    const ms = await untilHealthy(app.url);
    report('Redis killed, started again (REDIS_URL)', ms);
    const body = (await (await fetch(`${app.url}/health`)).json()) as { redis: string; jobs: { store: string } };
    expect(body.redis).toBe('up');
    expect(body.jobs.store).toBe('up');

    // And the desks work as before: the next call pops too.
    const next = await dial(app, '09125550102');
    await waitForPlay(app, next.channelId, 'cti137/menu');
    await press(app, next.channelId, '1');
    await waitFor(() => pops.length > 1, 10_000, 'screen-pop after Redis is back');
    await hangUpCaller(app, next.channelId);
  }, 60_000);

  it('still delivers a room emit to a socket on another node through Redis', async () => {
    // Two socket.io servers on the same Redis, as two cti137 nodes: an emit on node A reaches a
    // socket of node B (the copy that goes through Redis behind the local emit).
    const nodes = [0, 1].map(() => {
      const redisClient = new Redis(redis.url, { maxRetriesPerRequest: null });
      const server = createServer();
      const io = new IoServer(server);
      io.adapter(localFirstAdapter(redisClient) as unknown as Parameters<typeof io.adapter>[0]);
      io.on('connection', (s) => void s.join('op-7'));
      return { redisClient, server, io };
    });
    try {
      const ports = await Promise.all(
        nodes.map(
          (n) =>
            new Promise<number>((r) =>
              n.server.listen(0, '127.0.0.1', () => r((n.server.address() as { port: number }).port)),
            ),
        ),
      );
      const client = ioClient(`http://127.0.0.1:${ports[1]}`, { transports: ['websocket'], reconnection: false });
      const got: unknown[] = [];
      client.on('screen-pop', (p: unknown) => got.push(p));
      await new Promise<void>((r) => client.once('connect', () => r()));
      await waitFor(async () => (await nodes[0]!.io.in('op-7').fetchSockets()).length === 1, 10_000, 'B seen by A');
      nodes[0]!.io.to('op-7').emit('screen-pop', { callId: '42' });
      await waitFor(() => got.length === 1, 10_000, 'the emit of node A on node B');
      expect(got).toEqual([{ callId: '42' }]);
      client.close();
    } finally {
      for (const n of nodes) {
        await new Promise<void>((r) => n.io.close(() => r()));
        n.redisClient.disconnect();
      }
    }
  });
});
