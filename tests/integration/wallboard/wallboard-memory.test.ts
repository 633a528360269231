import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login, startTestApp, waitFor, type TestApp } from '../../helpers/app.ts';
import { heapMb } from './heap-probe.ts';
import { ShortCalls } from './short-calls.ts';
import { openWallboard, type TestWallboard } from './wallboard-client.ts';

/**
 * A wallboard left open while calls go through keeps a flat heap. The suite runs 300 calls
 * (15–20 s on an idle machine) and compares the heap after 100 with the heap after 300; the full 1,000-call run
 * (heap after 200 vs after 1,000) is `npm run bench -- wallboard_memory`, about a minute.
 */
describe('wallboard memory under many calls', () => {
  let app: TestApp;
  let wb: TestWallboard;
  let driver: ShortCalls;

  beforeAll(async () => {
    app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: 0.001 });
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

  it('keeps a flat heap from call 100 to call 300, and the wallboard follows every call', async () => {
    const samples: Array<[number, number]> = [];
    const t0 = Date.now();
    for (const n of [100, 300]) {
      await driver.run(n);
      samples.push([n, await heapMb(app.emulator, 5500)]);
    }
    const secs = (Date.now() - t0) / 1000;
    console.log(`wallboard memory: ${samples.map(([n, mb]) => `${n} calls ${mb.toFixed(1)} MB`).join(', ')}; ${secs.toFixed(1)} s, ${wb.updates.length} updates`);
    expect(driver.answered).toBeGreaterThanOrEqual(285);
    // 200 calls more may not keep more than 2 MB: a leak of 10 KB a call would show (samples vary by ~1 MB).
    expect(samples.at(-1)![1] - samples[0]![1]).toBeLessThan(2);
    await waitFor(() => wb.picture!.queues.every((q) => q.waiting.length === 0), 5000, 'queues empty');
    // Coalesced: never more than 20 updates a second (50 ms apart), however many events the calls made.
    expect(wb.updates.length).toBeLessThan(secs * 20 + 5);
  }, 90_000);
});
