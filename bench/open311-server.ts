import { Redis } from 'ioredis';
import { startApp } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';

// The whole server in a process of its own for the Open311 benchmark: city apps post from other
// machines, so the load generator's own HTTP client must not share the server's event loop (in one
// process its fetch calls were a third of the loop's time). Prints {"url": …} when it listens and
// stops on SIGTERM.
const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is not set');
const cfg = loadConfig({
  DATABASE_URL: url,
  DEMO: 'on', // the emulator on the bench's scratch database, which run.ts made a demo's
  PORT: '0',
  EMULATOR_AMI_PORT: '0',
  EMULATOR_ARI_PORT: '0',
  EMULATOR_TRAFFIC: 'off',
  LOG_LEVEL: 'warn',
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});
const jobsPrefix = `bench-open311-${process.pid}`;
const app = await startApp(cfg, { logger: createLogger('warn'), jobsPrefix });
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
process.on('SIGTERM', () => {
  void app
    .stop()
    .then(forgetJobs)
    .finally(() => process.exit(0));
});

/**
 * The run's jobs (thousands of escalation steps due in days) go with it: on a shared Redis every
 * run left its prefix behind (250 MB after a day of runs).
 */
async function forgetJobs(): Promise<void> {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${jobsPrefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
