import { randomBytes } from 'node:crypto';
import { io as ioClient, type Socket } from 'socket.io-client';
import { startApp, type AppHandle } from '../../src/app/start-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { seedDemoUsers } from '../../src/auth/demo-users.ts';
import { createTestDatabase, type TestDb } from './db.ts';

export const TIME_SCALE = 0.05;

export interface TestApp extends AppHandle {
  testDb: TestDb;
  emulatorUrl: string;
  close(): Promise<void>;
}

/** The whole cti137 on a fresh database, with the emulator on ephemeral ports and no demo traffic. */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { db?: TestDb; keepDb?: boolean; timeScale?: number; sessionSweepMs?: number } = {},
): Promise<TestApp> {
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
    ...env,
  });
  const app = await startApp(cfg, {
    logger: createLogger(cfg.logLevel),
    jobsPrefix: `t${randomBytes(4).toString('hex')}`,
    // Load tests run the emulator and the IVR faster still (hundreds of calls in seconds).
    timeScale: opts.timeScale ?? TIME_SCALE,
    sessionSweepMs: opts.sessionSweepMs,
  });
  await waitFor(
    () => [...app.amis.values()].every((a) => a.connected) && [...app.aris.values()].every((a) => a.connected),
    10_000,
    'AMI and ARI connected',
  );
  return {
    ...app,
    testDb,
    emulatorUrl: app.emulator ? `http://127.0.0.1:${app.emulator.ariPort}` : (env.EMULATOR_URL ?? ''),
    async close() {
      await app.stop();
      if (!opts.keepDb) await testDb.drop();
    },
  };
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sign in over HTTP; returns the session cookie. */
export async function login(baseUrl: string, username: string, password = 'demo137'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no cookie');
  return cookie.split(';')[0]!;
}

export async function api<T = unknown>(
  baseUrl: string,
  cookie: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function emulator<T = unknown>(app: TestApp, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.emulatorUrl}${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status >= 300) throw new Error(`emulator ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export function deskSocket(baseUrl: string, cookie: string): Socket {
  return ioClient(`${baseUrl}/desk`, { extraHeaders: { cookie }, transports: ['websocket'], reconnection: false });
}
