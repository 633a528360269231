// The whole cti137 under test: a fresh database, the emulator on ephemeral ports, no demo traffic,
// and the clock of the emulator and the IVR running fast (TIME_SCALE).
import { randomBytes } from 'node:crypto';
import { startApp, type AppHandle } from '../../src/app/start-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { seedDemoUsers } from '../../src/auth/demo-users.ts';
import { createTestDatabase, type TestDb } from './db.ts';
import { waitFor } from './wait.ts';

/** One emulated second is 50 ms real (the emulator's and the IVR's delays are scaled alike). */
export const TIME_SCALE = 0.05;

export interface TestApp extends AppHandle {
  testDb: TestDb;
  /** The emulator's control API (http://127.0.0.1:port), built in or standalone. */
  emulatorUrl: string;
  /** Real milliseconds per emulated millisecond for this app's emulator and IVR. */
  timeScale: number;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** An existing database (e.g. shared across a restart of cti137); `keepDb` leaves it on close. */
  db?: TestDb;
  keepDb?: boolean;
  timeScale?: number;
  sessionSweepMs?: number;
  /** More phones on the emulator than the demo operators' (e.g. one for an operator an admin adds). */
  extraEndpoints?: string[];
  /** The BullMQ prefix: a restart of cti137 on the same Redis finds its queued jobs (default a new one). */
  jobsPrefix?: string;
  /** How long one hour of a unit's escalate_after_hours lasts (default an hour). */
  escalationHourMs?: number;
  /** The feedback call's delay after "done" (default FEEDBACK_DELAY_HOURS). */
  feedbackDelayMs?: number;
}

/** cti137 on a fresh database, with the emulator on ephemeral ports and no demo traffic. */
export async function startTestApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const testDb = opts.db ?? (await createTestDatabase());
  // Against an outside Asterisk (or a standalone emulator) there are no demo users: seed them here.
  if (env.ASTERISK_AMI_URL) await seedDemoUsers(testDb.pool, 'demo137');
  const cfg = loadConfig({
    DATABASE_URL: testDb.url,
    PORT: '0',
    EMULATOR_AMI_PORT: '0',
    EMULATOR_ARI_PORT: '0',
    EMULATOR_TRAFFIC: 'off',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WRAPUP_SECONDS: '1',
    // Month histograms only where a test builds them (refreshHistograms): figures stay exact.
    ANALYTICS_REFRESH_SECONDS: '0',
    // The emulator on a test database: the demo, asked for (a test database is empty or a demo's).
    ...(env.ASTERISK_AMI_URL ? {} : { DEMO: 'on' }),
    ...env,
  });
  const timeScale = opts.timeScale ?? TIME_SCALE;
  const app = await startApp(cfg, {
    logger: createLogger(cfg.logLevel),
    jobsPrefix: opts.jobsPrefix ?? `t${randomBytes(4).toString('hex')}`,
    escalationHourMs: opts.escalationHourMs,
    feedbackDelayMs: opts.feedbackDelayMs,
    // Load tests run the emulator and the IVR faster still (hundreds of calls in seconds).
    timeScale,
    sessionSweepMs: opts.sessionSweepMs,
    extraEndpoints: opts.extraEndpoints,
  });
  // A standby node of a cluster (another test app holds the PBX lease) opens no link.
  await waitFor(
    () =>
      !app.cluster.isOwner() ||
      ([...app.amis.values()].every((a) => a.connected) && [...app.aris.values()].every((a) => a.connected)),
    10_000,
    'AMI and ARI connected',
  );
  return {
    ...app,
    testDb,
    emulatorUrl: app.emulator ? `http://127.0.0.1:${app.emulator.ariPort}` : (env.EMULATOR_URL ?? ''),
    timeScale,
    async close() {
      await app.stop();
      if (!opts.keepDb) await testDb.drop();
    },
  };
}

/** Real milliseconds that `emulatedSeconds` of the app's clock take. */
export const realMs = (app: Pick<TestApp, 'timeScale'>, emulatedSeconds: number) =>
  emulatedSeconds * 1000 * app.timeScale;
