import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, startTestApp, waitFor, type TestApp } from '../../helpers/app.ts';
import { ShortCalls } from './short-calls.ts';
import { openWallboard, type TestWallboard } from './wallboard-client.ts';

// A real gc() even without --expose-gc, so heap samples measure what is kept, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function heapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * A wallboard left open while 1,000 short calls go through: the server's heap after 1,000 calls
 * is about what it was after 200. Same process as the server, so the heap is the server's (plus
 * the emulator's, whose action log is capped at 10,000 entries and fills up during the run).
 */
describe('wallboard memory under 1,000 calls', () => {
  let app: TestApp;
  let wb: TestWallboard;
  let driver: ShortCalls;

  beforeAll(async () => {
    app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: 0.01 });
    const cookies = await Promise.all(['supervisor1', 'operator1', 'operator2', 'operator3', 'operator4'].map((u) => login(app.url, u)));
    for (const c of cookies.slice(1)) expect((await api(app.url, c, 'POST', '/api/v1/operators/me/state', { state: 'ready' })).status).toBe(200);
    wb = openWallboard(app.url, cookies[0]!);
    await waitFor(() => wb.picture !== null, 5000, 'snapshot');
    driver = new ShortCalls({ bus: app.bus, emulatorUrl: app.emulatorUrl, talkMs: 20, concurrency: 12 });
  });

  afterAll(async () => {
    driver?.stop();
    wb?.close();
    await app?.close();
  });

  it('keeps a flat heap from call 200 to call 1,000', async () => {
    const samples: Array<[number, number]> = [];
    const t0 = Date.now();
    for (const n of [200, 400, 600, 800, 1000]) {
      await driver.run(n);
      samples.push([n, await heapMb()]);
    }
    const secs = (Date.now() - t0) / 1000;
    console.log(`wallboard memory: ${samples.map(([n, mb]) => `${n} calls ${mb.toFixed(1)} MB`).join(', ')}; ${secs.toFixed(1)} s, ${wb.updates.length} updates`);
    expect(driver.answered).toBeGreaterThan(900);
    const at200 = samples[0]![1];
    const at1000 = samples.at(-1)![1];
    expect(at1000 - at200).toBeLessThan(12);
    // The wallboard followed along and ended with nobody waiting and every operator free.
    await waitFor(() => wb.picture!.queues.every((q) => q.waiting.length === 0), 5000, 'queues empty');
    expect(wb.updates.length).toBeGreaterThan(50);
    expect(wb.updates.length).toBeLessThan(secs * 10 + 20);
  }, 90_000);
});
