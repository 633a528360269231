import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { startApp, type AppHandle } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import type { Db } from '../src/db/pool.ts';
import { createLogger } from '../src/shared/logger.ts';
import type { BenchContext } from './context.ts';
import { percentile, report } from './report.ts';
import { seedWorklist } from './worklist-seed.ts';

/**
 * worklist: GET /api/v1/requests (the 137 worklist) over HTTP on the whole server, signed in as a
 * supervisor, on 2,000,000 requests spread over five years. Each common filter is asked N times in
 * turn (cycling through its values: every unit, every category, several date windows, common and
 * rare words…), one request at a time, after a short warm-up; p50 and p95 per filter, and p95_ms is
 * the worst filter's p95 (named in worst_filter). The target is p95 ≤ 100 ms.
 */

const REQUESTS = Number(process.env.BENCH_WORKLIST_REQUESTS ?? 2_000_000);
const N = Number(process.env.BENCH_WORKLIST_N ?? 200);
// BENCH_WORKLIST_ONLY=overdue,text: only those filters (while working on one).
const WARMUP = 5;
const TARGET_MS = 100;
const LIMIT = 50; // the worklist's default page

interface Filter {
  name: string;
  /** Query strings (without '?'), asked in turn. */
  queries: string[];
}

const qs = (o: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(o).map(([k, v]) => [k, String(v)]));

export async function worklist(ctx: BenchContext): Promise<void> {
  const seed = await seedWorklist(ctx.db, REQUESTS);
  console.log(
    seed.seedSeconds === null
      ? `worklist: reusing the kept database with ${REQUESTS} requests already loaded`
      : `worklist: loaded ${REQUESTS} requests in ${seed.seedSeconds.toFixed(1)} s`,
  );
  const app = await startServer(ctx);
  try {
    const cookie = await signIn(app.url);
    const get = (query: string) => timedGet(app.url, cookie, query);
    const only = process.env.BENCH_WORKLIST_ONLY?.split(',');
    const filters = (await buildFilters(ctx.db, get)).filter((f) => !only || only.includes(f.name));
    const results: Array<{ name: string; ms: number[]; slowest: string }> = [];
    for (const f of filters) {
      for (let i = 0; i < WARMUP; i++) await get(f.queries[i % f.queries.length]!);
      const ms: number[] = [];
      let slowest = { ms: -1, query: '' };
      for (let i = 0; i < N; i++) {
        const query = f.queries[i % f.queries.length]!;
        const t = (await get(query)).ms;
        ms.push(t);
        if (t > slowest.ms) slowest = { ms: t, query };
      }
      ms.sort((a, b) => a - b);
      results.push({ name: f.name, ms, slowest: slowest.query });
      console.log(
        `  ${f.name.padEnd(16)} p50 ${percentile(ms, 50).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms`,
      );
    }
    const worst = results.reduce((a, b) => (percentile(b.ms, 95) > percentile(a.ms, 95) ? b : a));
    const perFilter: Record<string, number> = {};
    for (const r of results) {
      perFilter[`${r.name}_p50_ms`] = percentile(r.ms, 50);
      perFilter[`${r.name}_p95_ms`] = percentile(r.ms, 95);
    }
    report('worklist', {
      requests_in_db: REQUESTS,
      years: 5,
      seed_seconds: seed.seedSeconds ?? 'reused',
      asks_per_filter: N,
      page_size: LIMIT,
      p95_ms: percentile(worst.ms, 95),
      worst_filter: worst.name,
      worst_filter_slowest_query: decodeURIComponent(worst.slowest.replace(/\+/g, ' ')) || '(none)',
      target_p95_ms: TARGET_MS,
      target_met: percentile(worst.ms, 95) <= TARGET_MS ? 'yes' : 'NO',
      ...perFilter,
      // Other work on the machine inflates every latency here: say how busy it was.
      machine_load_1min: loadavg()[0]!,
      cpus: availableParallelism(),
    });
  } finally {
    await app.stop();
  }
}

async function startServer(ctx: BenchContext): Promise<AppHandle> {
  const cfg = loadConfig({
    DATABASE_URL: ctx.dbUrl,
    DEMO: 'on', // seedWorklist made the kept database a demo's first
    PORT: '0',
    EMULATOR_AMI_PORT: '0',
    EMULATOR_ARI_PORT: '0',
    EMULATOR_TRAFFIC: 'off',
    LOG_LEVEL: 'warn',
    // One supervisor asking thousands of pages in a few minutes: the per-user limit would answer 429.
    RATE_LIMIT_API_PER_MINUTE: '1000000',
  });
  return startApp(cfg, { logger: createLogger('warn'), jobsPrefix: `bench${randomBytes(3).toString('hex')}` });
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor1', password: 'demo137' }),
  });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 200 || !cookie) throw new Error(`worklist: sign-in answered ${res.status}`);
  return cookie.split(';')[0]!;
}

interface Page {
  ms: number;
  items: unknown[];
  nextCursor: string | null;
}

/** One page over HTTP, timed from the request to the parsed body. */
async function timedGet(url: string, cookie: string, query: string): Promise<Page> {
  const t = performance.now();
  const res = await fetch(`${url}/api/v1/requests?${query}`, { headers: { cookie } });
  const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`worklist: ?${query} answered ${res.status} ${JSON.stringify(body)}`);
  return { ms, ...body };
}

const ids = async (db: Db, sql: string) => (await db.query<{ id: number }>(sql)).rows.map((r) => r.id);
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/** The filters and the values each cycles through, taken from what the database holds. */
async function buildFilters(db: Db, get: (q: string) => Promise<Page>): Promise<Filter[]> {
  const units = await ids(
    db,
    `SELECT id FROM units u WHERE EXISTS (SELECT 1 FROM requests r WHERE r.unit_id = u.id) ORDER BY id`,
  );
  const categories = await ids(db, `SELECT id FROM categories WHERE parent_id IS NOT NULL ORDER BY id`);
  const districts = await ids(db, `SELECT id FROM districts ORDER BY id`);
  const hoods = await ids(db, `SELECT id FROM neighbourhoods ORDER BY id`);
  const someCode = (
    await db.query<{ c: string }>(`SELECT tracking_code AS c FROM requests ORDER BY id DESC LIMIT 1 OFFSET 777`)
  ).rows[0]?.c;
  const statuses = [
    'referred',
    'in-progress',
    'registered',
    'returned',
    'done',
    'closed',
    'special-follow-up',
    'feedback-negative',
  ];
  const open = ['referred', 'in-progress', 'done', 'closed'];
  // Common, middling and rare words of the seed's vocabulary, an address, a tracking code, words
  // typed with Arabic letters, and one nobody wrote.
  const words = ['زباله', 'نانوایی', 'کلانتری', 'موتورسوارها', 'امام رضا', 'کوچه ۱۲', 'آرامگاه فردوسی', 'کوچه ۵۹، پلاک ۱۱۹', 'خطرناك',
    'پمپ بنزين', 'آتش‌سوزی', ...(someCode ? [someCode] : [])]; // prettier-ignore
  const ranges = [0, 30, 200, 400, 700, 1000, 1300, 1700].flatMap((ago) => [
    qs({ from: day(ago + 7), to: day(ago) }),
    qs({ from: day(ago + 31), to: day(ago) }),
  ]);
  const filters: Filter[] = [
    { name: 'none', queries: [''] },
    { name: 'status', queries: statuses.map((s) => qs({ status: s }).toString()) },
    { name: 'unit', queries: units.map((u) => qs({ unitId: u }).toString()) },
    { name: 'category', queries: categories.map((c) => qs({ categoryId: c }).toString()) },
    { name: 'district', queries: districts.map((d) => qs({ districtId: d }).toString()) },
    { name: 'neighbourhood', queries: hoods.map((n) => qs({ neighbourhoodId: n }).toString()) },
    { name: 'hazard', queries: [qs({ hazard: 'true' }).toString()] },
    {
      name: 'overdue',
      queries: [qs({ overdue: 'true' }).toString(), qs({ overdue: 'true', hazard: 'true' }).toString()],
    },
    { name: 'date_range', queries: ranges.map(String) },
    { name: 'text', queries: words.map((q) => qs({ q }).toString()) },
    { name: 'unit_status', queries: units.flatMap((u) => open.map((s) => qs({ unitId: u, status: s }).toString())) },
    { name: 'unit_overdue', queries: units.map((u) => qs({ unitId: u, overdue: 'true' }).toString()) },
    { name: 'channel', queries: ['phone', 'sms', 'web', 'app', 'email', 'post', 'meeting'].map((c) => `channel=${c}`) },
  ];
  // Later pages: the cursor each list gave after the first and the ninth page.
  const paged = ['', qs({ status: 'closed' }), qs({ status: 'referred' }), qs({ categoryId: categories[0]! })];
  if (units[0]) paged.push(qs({ unitId: units.at(-1)! }));
  const page2: string[] = [];
  const page10: string[] = [];
  for (const base of paged.map(String)) {
    let cursor: string | null = null;
    for (let p = 1; p <= 9; p++) {
      const q: string = cursor ? `${base}${base ? '&' : ''}cursor=${cursor}` : base;
      cursor = (await get(q)).nextCursor;
      if (!cursor) break;
      if (p === 1) page2.push(`${base}${base ? '&' : ''}cursor=${cursor}`);
      if (p === 9) page10.push(`${base}${base ? '&' : ''}cursor=${cursor}`);
    }
  }
  filters.push({ name: 'page_2', queries: page2 }, { name: 'page_10', queries: page10 });
  return filters;
}
