import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { api, login, startTestApp } from '../helpers/app.ts';
import { ShortCalls } from '../integration/wallboard/short-calls.ts';
import { openWallboard } from '../integration/wallboard/wallboard-client.ts';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
async function main() {
  const app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: 0.001 });
  for (const u of ['operator1', 'operator2', 'operator3', 'operator4']) await api(app.url, await login(app.url, u), 'POST', '/api/v1/operators/me/state', { state: 'ready' });
  const wb = openWallboard(app.url, await login(app.url, 'supervisor1'));
  const d = new ShortCalls({ bus: app.bus, emulatorUrl: app.emulatorUrl, talkMs: 20, concurrency: 12 });
  for (const n of [200, 600]) {
    await d.run(n);
    await new Promise((r) => setTimeout(r, 500));
    gc(); gc();
    console.log(n, process.memoryUsage().heapUsed / 2 ** 20, writeHeapSnapshot(`/tmp/heap-${n}.heapsnapshot`));
  }
  d.stop(); wb.close();
  await app.close();
  process.exit(0);
}
void main();
