import { api, login, startTestApp } from '../helpers/app.ts';
import { ShortCalls } from '../integration/wallboard/short-calls.ts';
async function main() {
  const app = await startTestApp({ WRAPUP_SECONDS: '0' }, { timeScale: Number(process.env.TS ?? 0.01) });
  for (const u of ['operator1', 'operator2', 'operator3', 'operator4']) await api(app.url, await login(app.url, u), 'POST', '/api/v1/operators/me/state', { state: 'ready' });
  const d = new ShortCalls({ bus: app.bus, emulatorUrl: app.emulatorUrl, talkMs: 20, concurrency: Number(process.env.C ?? 12) });
  const st = new Map<string, number>(); const ph: Record<string, number[]> = { ivr: [], wait: [], talk: [], after: [] };
  const qd = new Map<string, number>(); const an = new Map<string, number>(); const ac = new Map<string, number>();
  app.bus.on('call:started', (c) => st.set(c.key, Date.now()));
  app.bus.on('call:queued', (c) => { qd.set(c.key, Date.now()); ph.ivr!.push(Date.now() - (st.get(c.key) ?? Date.now())); });
  app.bus.on('call:answered', (c) => { an.set(c.key, Date.now()); ph.wait!.push(Date.now() - (qd.get(c.key) ?? Date.now())); });
  app.bus.on('call:agent-completed', (c) => { ac.set(c.key, Date.now()); ph.talk!.push(Date.now() - (an.get(c.key) ?? Date.now())); });
  app.bus.on('call:ended', (c) => { ph.after!.push(Date.now() - (ac.get(c.key) ?? Date.now())); });
  const t0 = Date.now(); const c0 = process.cpuUsage();
  const iv = setInterval(() => console.log(((Date.now() - t0) / 1000).toFixed(1), 'placed', d.placed, 'answered', d.answered, 'ended', d.ended), 2000);
  await d.run(200);
  clearInterval(iv);
  const cu = process.cpuUsage(c0); console.log('cpu', ((cu.user + cu.system) / 1000 / (Date.now() - t0)).toFixed(2)); console.log('200 calls in', (Date.now() - t0) / 1000, 's; answered', d.answered);
  for (const [k, v] of Object.entries(ph)) { v.sort((a, b) => a - b); console.log(k, 'p50', v[v.length >> 1], 'p90', v[Math.floor(v.length * 0.9)]); }
  d.stop();
  await app.close();
  process.exit(0);
}
void main();
