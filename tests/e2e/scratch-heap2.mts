import { writeHeapSnapshot } from 'node:v8';
import { api, login, startTestApp } from '../helpers/app.ts';
import { ShortCalls } from '../integration/wallboard/short-calls.ts';
import { openWallboard } from '../integration/wallboard/wallboard-client.ts';
import { heapMb } from '../integration/wallboard/heap-probe.ts';
async function main() {
  const app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: 0.001 });
  for (const u of ['operator1', 'operator2', 'operator3', 'operator4']) await api(app.url, await login(app.url, u), 'POST', '/api/v1/operators/me/state', { state: 'ready' });
  const wb = process.env.NOWB ? null : openWallboard(app.url, await login(app.url, 'supervisor1'));
  const d = new ShortCalls({ bus: app.bus, emulatorUrl: app.emulatorUrl, talkMs: 20, concurrency: 12 });
  for (const n of [100, 300, 500]) {
    await d.run(n);
    const quick = await heapMb(app.emulator);
    await new Promise((r) => setTimeout(r, 12_000));
    const idle = await heapMb(app.emulator);
    console.log(n, 'quick', quick.toFixed(1), 'after 12 s idle', idle.toFixed(1), n !== 300 ? writeHeapSnapshot(`/tmp/h2-${n}.heapsnapshot`) : '');
  }
  d.stop(); wb?.close();
  await app.close();
  process.exit(0);
}
void main();
