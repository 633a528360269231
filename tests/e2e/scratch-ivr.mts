import { api, login, startTestApp } from '../helpers/app.ts';
async function main() {
  const app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: 0.01 });
  const t0 = Date.now();
  const c = await (await fetch(`${app.emulatorUrl}/_emulator/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '09121112233', to: '137' }) })).json() as { channelId: string };
  console.log('placed', Date.now() - t0);
  await fetch(`${app.emulatorUrl}/_emulator/channels/${c.channelId}/dtmf`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ digits: '1' }) });
  console.log('dtmf', Date.now() - t0);
  app.bus.on('call:queued', () => console.log('queued', Date.now() - t0));
  await new Promise((r) => setTimeout(r, 2500));
  const acts = await (await fetch(`${app.emulatorUrl}/_emulator/actions`)).json() as Array<{ proto: string; method?: string; path?: string; action?: string; t: number; query?: unknown }>;
  for (const a of acts.filter((x) => x.t >= t0)) console.log(a.t - t0, a.proto, a.method ?? '', a.path ?? a.action, JSON.stringify(a.query ?? '').slice(0, 80));
  await app.close();
  process.exit(0);
}
void main();
