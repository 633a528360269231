import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createLogger, type Logger } from '../src/shared/logger.ts';
import { amiIngest } from './ami-ingest.ts';
import { analytics } from './analytics.ts';
import { exportBench } from './export.ts';
import { failover } from './failover.ts';
import { open311 } from './open311.ts';
import { screenPop } from './screen-pop.ts';
import { surveyDtmf } from './survey-dtmf.ts';
import { wallboard } from './wallboard.ts';
import { wallboardMemory } from './wallboard-memory.ts';
import { worklist } from './worklist.ts';
import type { BenchContext } from './context.ts';

// `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Figures go to
// var/bench/latest.json. Database: BENCH_PG_URL (a server URL; a scratch database is created
// and dropped, or for KEPT_DATABASES kept), else the embedded PostgreSQL under ./var.
const BENCHES: Record<string, (ctx: BenchContext) => Promise<void>> = {
  ami_ingest: amiIngest,
  analytics,
  export: exportBench,
  failover,
  open311,
  screen_pop: screenPop,
  survey_dtmf: surveyDtmf,
  wallboard,
  wallboard_memory: wallboardMemory,
  worklist,
};

// Benchmarks whose seed takes minutes keep their database between runs (the bench itself checks
// that what is there is what it would load); the others get a scratch database each time.
// BENCH_ANALYTICS_DB names another kept database for analytics and export (a smaller trial load
// beside the 5 M one, which a different BENCH_ANALYTICS_REQUESTS would otherwise load again).
const ANALYTICS_DB = process.env.BENCH_ANALYTICS_DB ?? 'cti_bench_analytics';
const KEPT_DATABASES: Record<string, string> = {
  worklist: 'cti_bench_worklist',
  analytics: ANALYTICS_DB,
  export: ANALYTICS_DB,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  for (const w of wanted)
    if (!BENCHES[w]) throw new Error(`unknown benchmark ${w}; known: ${Object.keys(BENCHES).join(', ')}`);
  const logger = createLogger('warn');
  let adminUrl = process.env.BENCH_PG_URL ?? null;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!adminUrl) {
    const e = await startEmbeddedPostgres('./var', Number(process.env.EMBEDDED_PG_PORT ?? 54137), logger);
    adminUrl = e.url;
    stopEmbedded = e.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Each benchmark gets a scratch database of its own: their seeds (operators, citizens) must
    // not meet, and one's leftovers must not slow the next one's queries.
    for (const [n, fn] of Object.entries(BENCHES)) {
      if (wanted.length && !wanted.includes(n)) continue;
      const kept = KEPT_DATABASES[n];
      const name = kept ?? `cti_bench_${randomBytes(4).toString('hex')}`;
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      await prepareDatabase(admin, name, url.toString(), Boolean(kept), logger);
      const db = createPool(url.toString(), logger, 10);
      try {
        await fn({ db, dbUrl: url.toString() });
      } finally {
        await teardown(`closing ${n}'s pool`, () => db.end());
        if (!kept) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    }
  } finally {
    await teardown('closing the admin connection', () => admin.end());
    await teardown('stopping the embedded PostgreSQL', async () => stopEmbedded?.());
  }
}

/**
 * A migrated database: a new one, or a kept one brought up to date. A kept database whose applied
 * migrations no longer fit migrations/ (a file renumbered or removed while it was away) is made anew.
 */
async function prepareDatabase(admin: pg.Client, name: string, url: string, keep: boolean, logger: Logger) {
  const exists = keep && (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  try {
    await migrate(url, logger);
  } catch (err) {
    if (!exists) throw err;
    console.error(`bench: ${name} does not migrate (${(err as Error).message}); making it anew`);
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await migrate(url, logger);
  }
}

/**
 * A teardown step that cannot hang the run: pg's pool.end() waits for every checked-out client,
 * and a benchmark that left one behind would keep `npm run bench` from ever returning.
 */
async function teardown(what: string, step: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 10_000)));
  const out = await Promise.race([step().then(() => 'done' as const), late]);
  clearTimeout(timer);
  if (out === 'late') console.error(`bench: ${what} took over 10 s; going on without it`);
}

// A CLI: once the figures are written, leftovers of a benchmark (a socket, a timer) must not keep
// the process alive.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
