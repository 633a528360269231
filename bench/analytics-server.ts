import { startApp } from '../src/app/start-app.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/shared/logger.ts';

// The whole server in a process of its own, for the analytics benchmark: its RSS is measured from
// /proc/<pid>/status while it streams a million-row export. Prints {"url": …} when it listens and
// stops on SIGTERM.
const url = process.env.BENCH_DB_URL;
if (!url) throw new Error('BENCH_DB_URL is not set');
const cfg = loadConfig({
  DATABASE_URL: url,
  DEMO: 'on',
  PORT: '0',
  EMULATOR_AMI_PORT: '0',
  EMULATOR_ARI_PORT: '0',
  EMULATOR_TRAFFIC: 'off',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_API_PER_MINUTE: '1000000',
});
const app = await startApp(cfg, { logger: createLogger('warn'), jobsPrefix: `bench-analytics-${process.pid}` });
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`);
process.on('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
