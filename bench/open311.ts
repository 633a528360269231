import { loadavg } from 'node:os';
import type { BenchContext } from './context.ts';
import { cpuSeconds, pgBackendsCpu, pgCpuSince, startChildServer, type Server } from './child-server.ts';
import { percentile, report } from './report.ts';

// Open311 intake: POST requests.json at a steady 100 requests a second for 30 s, open loop (each
// request leaves at its time whatever the others do, as independent city apps would), against the
// whole server with its rate limits (Redis when REDIS_URL is set), the server in a process of its
// own. p99 from the scheduled send to the answer; then every answered id is counted in the
// database: none may be lost.

// BENCH_OPEN311_SECONDS shortens a trial run; the figures in README are of the full 30 s.
const RATE = 100;
const SECONDS = Number(process.env.BENCH_OPEN311_SECONDS ?? 30);
const WARMUP = 50;
const CATEGORIES = ['garbage-collection', 'waste-bins', 'construction-debris', 'stray-dogs'];

/** The server in a child process (bench/open311-server.ts), as apps on other machines meet it. */
const startServer = (dbUrl: string): Promise<Server> =>
  startChildServer('bench/open311-server.ts', dbUrl, 'open311 bench');

/** A key for the bench client, issued as an admin does, with room for the whole run. */
async function issueKey(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'demo137' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${url}/api/v1/open311/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: 'bench', perMinute: 100_000 }),
  });
  if (res.status !== 201) throw new Error(`open311 bench: key ${res.status} ${await res.text()}`);
  return ((await res.json()) as { key: string }).key;
}

/** The i-th report: mostly by neighbourhood, some by a point, some by an address only. */
function form(i: number, key: string, hoods: number[]): string {
  const f = new URLSearchParams({
    api_key: key,
    service_code: CATEGORIES[i % CATEGORIES.length]!,
    description: `Bench report ${i}: bins overflowing`,
    first_name: 'Bench',
    phone: `0912${String(10_000_000 + (i % 5000)).slice(1)}`,
  });
  if (i % 10 === 0) f.set('address_string', `Street ${i}`);
  else if (i % 5 === 0) {
    f.set('lat', String(36.3 + (i % 50) / 1000));
    f.set('long', String(59.6 + (i % 40) / 1000));
  } else f.set('attribute[neighbourhood]', String(hoods[i % hoods.length]));
  return f.toString();
}

async function send(url: string, body: string): Promise<{ ok: boolean; id: string | null }> {
  const res = await fetch(`${url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const out = (await res.json().catch(() => null)) as { service_request_id?: string }[] | null;
  return { ok: res.status === 201, id: out?.[0]?.service_request_id ?? null };
}

export async function open311(ctx: BenchContext): Promise<void> {
  const app = await startServer(ctx.dbUrl);
  try {
    const key = await issueKey(app.url);
    const hoods = (await ctx.db.query<{ id: number }>(`SELECT id FROM neighbourhoods ORDER BY id`)).rows.map(
      (r) => r.id,
    );
    for (let i = 0; i < WARMUP; i++) await send(app.url, form(1_000_000 + i, key, hoods));
    const total = RATE * SECONDS;
    const latencies: number[] = [];
    const ids: string[] = [];
    let failed = 0;
    const cpu0 = cpuSeconds(app.pid);
    const pg0 = await pgBackendsCpu(ctx);
    const t0 = performance.now() + 100;
    const runs: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const at = t0 + (i * 1000) / RATE;
      const wait = at - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      runs.push(
        send(app.url, form(i, key, hoods)).then(
          (r) => {
            latencies.push(performance.now() - at);
            if (r.ok && r.id) ids.push(r.id);
            else failed++;
          },
          () => void failed++,
        ),
      );
    }
    await Promise.all(runs);
    const elapsed = (performance.now() - t0) / 1000;
    const serverCpu = cpuSeconds(app.pid) - cpu0;
    const pgCpu = await pgCpuSince(ctx, pg0); // backends started during the run count from zero
    const stored = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM requests WHERE tracking_code = ANY($1::text[]) AND channel = 'app'`,
      [ids],
    );
    latencies.sort((a, b) => a - b);
    report('open311', {
      requests: total,
      achieved_per_s: total / elapsed,
      answered_201: ids.length,
      failed,
      stored: stored.rows[0]!.n,
      // Answered 201 but not in the database: must be 0. Failures (no 201) are counted apart.
      lost: ids.length - stored.rows[0]!.n,
      p50_ms: percentile(latencies, 50),
      p95_ms: percentile(latencies, 95),
      p99_ms: percentile(latencies, 99),
      max_ms: latencies[latencies.length - 1] ?? NaN,
      // What one post costs the machine (2 cores = 20 ms a post at 100/s), whatever else runs on it.
      server_cpu_ms_per_request: (serverCpu * 1000) / total,
      postgres_cpu_ms_per_request: (pgCpu * 1000) / total,
      machine_load_1min: loadavg()[0]!,
      redis: process.env.REDIS_URL ? 'yes' : 'no',
    });
  } finally {
    await app.stop();
  }
}
