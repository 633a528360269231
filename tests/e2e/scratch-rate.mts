import { api, login, startTestApp } from '../helpers/app.ts';
import { ShortCalls } from '../integration/wallboard/short-calls.ts';
async function main() {
  const app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: Number(process.env.TS ?? 0.01) });
  for (const u of ['operator1', 'operator2', 'operator3', 'operator4']) await api(app.url, await login(app.url, u), 'POST', '/api/v1/operators/me/state', { state: 'ready' });
  const d = new ShortCalls({ bus: app.bus, emulatorUrl: app.emulatorUrl, talkMs: 20, concurrency: Number(process.env.C ?? 12) });
  const t0 = Date.now();
  const iv = setInterval(() => console.log(((Date.now() - t0) / 1000).toFixed(1), 'placed', d.placed, 'answered', d.answered, 'ended', d.ended), 2000);
  await d.run(200);
  clearInterval(iv);
  console.log('200 calls in', (Date.now() - t0) / 1000, 's; answered', d.answered);
  d.stop();
  await app.close();
  process.exit(0);
}
void main();
