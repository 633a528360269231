import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
