import { availableParallelism, loadavg } from 'node:os';
import type { BenchContext } from './context.ts';
import { cpuSeconds, pgBackendsCpu, pgCpuSince, rssMb, startChildServer, type Server } from './child-server.ts';
import { seedAnalytics } from './analytics-seed.ts';
import { percentile, report } from './report.ts';

/**
 * analytics: every analytics route over HTTP on the whole server (run as a child process, so that
 * its memory can be read from /proc), signed in as a supervisor, on 5,000,000 requests over five
 * years. Each route is asked N times in turn, cycling through ranges (the last month, year and five
 * years) and groupings, one at a time after a warm-up; p50/p95 per route and per route and range;
 * p95_ms is the worst route's p95 (target ≤ 500 ms). Then the request list export of the newest
 * ~1,000,000 requests as CSV and XLSX: rows per second and the server's RSS growth during each.
 */

export const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 5_000_000);
const N = Number(process.env.BENCH_ANALYTICS_N ?? 21);
const EXPORT_ROWS = Number(process.env.BENCH_ANALYTICS_EXPORT_ROWS ?? 1_000_000);
// BENCH_ANALYTICS_ONLY=heat,units: only those routes; BENCH_ANALYTICS_EXPORTS=off: no export runs.
const TARGET_MS = 500;

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const RANGES = { month: [31, 'week'], year: [365, 'month'], five_years: [1825, 'season'] } as const;
type Range = keyof typeof RANGES;
interface Ask {
  range: Range;
  query: string;
}

function asks(route: string): Ask[] {
  const out: Ask[] = [];
  for (const [range, [ago, period]] of Object.entries(RANGES) as Array<[Range, (typeof RANGES)[Range]]>) {
    const span = `from=${day(ago)}&to=${day(0)}`;
    const add = (q: string) => out.push({ range, query: `${span}${q}` });
    if (route === 'requests')
      for (const g of ['category', 'neighbourhood', 'unit', 'channel', 'status', 'district'])
        add(`&groupBy=${g}&period=${period}`);
    else if (route === 'resolution') for (const g of ['category', 'unit', 'district']) add(`&groupBy=${g}`);
    else add('');
  }
  return out;
}
const ROUTES = ['requests', 'resolution', 'units', 'heat', 'top-categories', 'hotspots'];

export async function analytics(ctx: BenchContext): Promise<void> {
  const seed = await seedAnalytics(ctx.db, REQUESTS);
  console.log(
    `analytics: ${seed.seedSeconds === null ? 'reusing' : `loaded in ${seed.seedSeconds.toFixed(0)} s:`} ${REQUESTS} requests`,
  );
  const server = await startServer(ctx.dbUrl);
  try {
    const cookie = await signIn(server.url);
    // A server just started plans escalation for every open referral: the routes are timed after.
    const rest = await settle(ctx, server);
    console.log(`  server ${rest.quiet ? 'at rest' : 'still busy'} after ${rest.seconds.toFixed(0)} s`);
    const only = process.env.BENCH_ANALYTICS_ONLY?.split(',');
    const figures: Record<string, number | string> = {};
    let worst = { route: '', p95: -1 };
    for (const route of ROUTES.filter((r) => !only || only.includes(r))) {
      const list = asks(route);
      await timedGet(server.url, cookie, `/api/v1/analytics/${route}?${list[0]!.query}`);
      const byRange = new Map<Range, number[]>();
      const all: number[] = [];
      for (let i = 0; i < Math.max(N, list.length); i++) {
        const a = list[i % list.length]!;
        const ms = await timedGet(server.url, cookie, `/api/v1/analytics/${route}?${a.query}`);
        all.push(ms);
        byRange.set(a.range, [...(byRange.get(a.range) ?? []), ms]);
      }
      const key = route.replace('-', '_');
      all.sort((x, y) => x - y);
      figures[`${key}_p50_ms`] = percentile(all, 50);
      figures[`${key}_p95_ms`] = percentile(all, 95);
      for (const [range, ms] of byRange)
        figures[`${key}_${range}_p95_ms`] = percentile(
          ms.sort((x, y) => x - y),
          95,
        );
      if (percentile(all, 95) > worst.p95) worst = { route, p95: percentile(all, 95) };
      console.log(
        `  ${route.padEnd(16)} p50 ${percentile(all, 50).toFixed(0)} ms  p95 ${percentile(all, 95).toFixed(0)} ms`,
      );
    }
    const exports = process.env.BENCH_ANALYTICS_EXPORTS === 'off' ? {} : await measureExports(ctx, server, cookie);
    report('analytics', {
      requests_in_db: REQUESTS,
      years: 5,
      seed_seconds: seed.seedSeconds ?? 'reused',
      routes_server_at_rest: rest.quiet ? 'yes' : 'NO',
      asks_per_route: N,
      p95_ms: worst.p95,
      worst_route: worst.route,
      target_p95_ms: TARGET_MS,
      target_met: worst.p95 <= TARGET_MS ? 'yes' : 'NO',
      ...figures,
      ...exports,
      machine_load_1min: loadavg()[0]!,
      cpus: availableParallelism(),
    });
  } finally {
    await server.stop();
  }
}

export const startServer = (dbUrl: string): Promise<Server> =>
  startChildServer('bench/analytics-server.ts', dbUrl, 'analytics');

export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor1', password: 'demo137' }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`analytics: sign-in answered ${res.status}`);
  return cookie.split(';')[0]!;
}

/** One answer over HTTP, timed from the request to the parsed body. */
async function timedGet(url: string, cookie: string, path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { cookie } });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`analytics: ${path} answered ${res.status} ${body.slice(0, 300)}`);
  return ms;
}

const SETTLE_MAX_S = Number(process.env.BENCH_EXPORT_SETTLE_MAX_S ?? 120);

/**
 * Waits until the server and its database are at rest: a server just started plans escalation
 * jobs for every open referral and runs the overdue ones (on the 5 M seed, over ten minutes of
 * PostgreSQL at full tilt), which an export measured meanwhile would share two cores with. At
 * most BENCH_EXPORT_SETTLE_MAX_S (default 120: a 300 k seed's burst is over in ~75 s; the 5 M
 * seed's is not in 600); the seconds waited and whether it was at rest are reported.
 */
async function settle(ctx: BenchContext, server: Server): Promise<{ seconds: number; quiet: boolean }> {
  const t = performance.now();
  while ((performance.now() - t) / 1000 < SETTLE_MAX_S) {
    const [cpu, pg] = [cpuSeconds(server.pid), await pgBackendsCpu(ctx)];
    await new Promise((r) => setTimeout(r, 3_000));
    // Under 5 % of a core for the server and 10 % for PostgreSQL over 3 s.
    if (cpuSeconds(server.pid) - cpu < 0.15 && (await pgCpuSince(ctx, pg)) < 0.3)
      return { seconds: (performance.now() - t) / 1000, quiet: true };
  }
  return { seconds: (performance.now() - t) / 1000, quiet: false };
}

/** The newest EXPORT_ROWS requests (by creation day) as CSV, then as XLSX: rows/s and RSS growth. */
export async function measureExports(ctx: BenchContext, server: Server, cookie: string) {
  const rest = await settle(ctx, server);
  console.log(`  export: server ${rest.quiet ? 'at rest' : 'still busy'} after ${rest.seconds.toFixed(0)} s`);
  const { rows } = await ctx.db.query<{ d: string }>(
    `SELECT to_char((created_at AT TIME ZONE 'Asia/Tehran')::date, 'YYYY-MM-DD') AS d
       FROM requests ORDER BY created_at DESC OFFSET $1 LIMIT 1`,
    [EXPORT_ROWS],
  );
  const query = `from=${rows[0]?.d ?? day(1825)}&to=${day(0)}`;
  const out: Record<string, number | string> = {
    export_query: query,
    export_settle_s: rest.seconds,
    export_server_at_rest: rest.quiet ? 'yes' : 'NO',
  };
  for (const format of ['csv', 'xlsx'] as const) {
    const before = rssMb(server.pid);
    const cpuBefore = cpuSeconds(server.pid);
    const pgBefore = await pgBackendsCpu(ctx);
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100);
    const t = performance.now();
    const res = await fetch(`${server.url}/api/v1/exports/requests.${format}?${query}`, { headers: { cookie } });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (format === 'csv') for (const b of chunk) if (b === 10) lines++;
    }
    const secs = (performance.now() - t) / 1000;
    clearInterval(timer);
    if (format === 'csv') out.export_rows = lines - 1;
    const n = Number(out.export_rows);
    const key = format === 'csv' ? 'export' : 'export_xlsx';
    out[`${key}_rows_per_s`] = n / secs;
    out[`${key}_seconds`] = secs;
    out[`${key}_mb`] = bytes / 2 ** 20;
    out[`${key}_rss_growth_mb`] = peak - before;
    out[`${key}_server_cpu_s`] = cpuSeconds(server.pid) - cpuBefore;
    out[`${key}_rows_per_server_cpu_s`] = n / Number(out[`${key}_server_cpu_s`]);
    out[`${key}_pg_cpu_s`] = await pgCpuSince(ctx, pgBefore);
    out[`${key}_rows_per_pg_cpu_s`] = n / Number(out[`${key}_pg_cpu_s`]);
    out[`${key}_load_1min`] = loadavg()[0]!;
    console.log(`  export ${format}: ${n} rows in ${secs.toFixed(1)} s, RSS +${(peak - before).toFixed(0)} MB`);
  }
  return out;
}
