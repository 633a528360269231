import { availableParallelism, loadavg } from 'node:os';
import { seedAnalytics } from './analytics-seed.ts';
import { measureExports, REQUESTS, signIn, startServer } from './analytics.ts';
import type { BenchContext } from './context.ts';
import { report } from './report.ts';

/**
 * export: the analytics bench's request export alone (its kept database, its server as a child
 * process): the newest BENCH_ANALYTICS_EXPORT_ROWS requests (or all there are) as CSV, then as
 * XLSX; rows per second and the server's RSS growth during each. Target (issue 14): CSV at
 * ≥ 50,000 rows/s with the RSS growing < 150 MB.
 */
export async function exportBench(ctx: BenchContext): Promise<void> {
  const seed = await seedAnalytics(ctx.db, REQUESTS);
  console.log(`export: ${seed.seedSeconds === null ? 'reusing' : 'loaded'} ${REQUESTS} requests`);
  const server = await startServer(ctx.dbUrl);
  try {
    const cookie = await signIn(server.url);
    const figures = await measureExports(ctx, server, cookie);
    const rate = Number(figures.export_rows_per_s);
    const growth = Number(figures.export_rss_growth_mb);
    report('export', {
      requests_in_db: REQUESTS,
      ...figures,
      target_rows_per_s: 50_000,
      target_rss_growth_mb: 150,
      target_met: rate >= 50_000 && growth < 150 ? 'yes' : 'NO',
      machine_load_1min: loadavg()[0]!,
      cpus: availableParallelism(),
    });
  } finally {
    await server.stop();
  }
}
