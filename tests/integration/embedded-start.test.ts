import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';

// The README's first command on a fresh machine: no DATABASE_URL, no REDIS_URL, no Asterisk.
// cti137 must bring up its own PostgreSQL, the emulator and demo calls by itself, print the demo
// users, and stop cleanly. Run as the real entry point in a child process, as `npm start` does.

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('embedded mode (npm start with nothing configured)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti137-embedded-'));
  let child: ChildProcess | undefined;
  let stdout = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts its own database and emulator, prints the demo users, has demo calls flowing within 30 s, and stops on SIGTERM', async () => {
    const [port, pgPort, amiPort, ariPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|ASTERISK_|EMULATOR_|DEMO_PASSWORD)/.test(k)) env[k] = v;
    }
    Object.assign(env, {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      EMULATOR_AMI_PORT: String(amiPort),
      EMULATOR_ARI_PORT: String(ariPort),
      LOG_LEVEL: 'warn',
    });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));

    // Up to a minute for the first start (initdb); a crash ends the wait, and the output tells why.
    await waitFor(() => stdout.includes('Demo users') || child!.exitCode !== null, 60_000, 'the demo users').catch(
      () => undefined,
    );
    expect(stdout, stdout).toContain('Demo users (password: demo137)');
    for (const u of ['operator1', 'operator4', 'supervisor1', 'admin']) expect(stdout).toContain(u);
    expect(stdout).toContain('PJSIP/1001');

    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');

    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor1', password: 'demo137' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;

    // Demo traffic: a call shows up in the live state within 30 s of start, with nobody doing anything.
    let calls: unknown[] = [];
    await waitFor(
      async () => {
        const r = await fetch(`${base}/api/v1/calls?active=true`, { headers: { cookie } });
        calls = (await r.json()) as unknown[];
        return calls.length > 0;
      },
      30_000,
      'a demo call',
      500,
    ).catch(() => undefined);
    expect(calls.length).toBeGreaterThan(0);

    await backOfficeIsAlive(base, stdout);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 180_000);
});

interface InboxItem {
  status: string;
  hazard: boolean;
  pendingExtension: boolean;
}

/**
 * A newcomer's back office is not empty: the demo's unit users are printed, and within a minute
 * the District 5 roads unit's inbox holds requests in several states (new, accepted, done,
 * returned), a hazard among them and one waiting for more time, with no phone number anywhere;
 * the supervisor's worklist shows the one returned to 137.
 */
async function backOfficeIsAlive(base: string, stdout: string): Promise<void> {
  for (const u of ['unit-roads5', 'unit-waste5', 'manager-roads5']) expect(stdout).toContain(u);
  expect(stdout).toContain('unit district-5-roads');
  const cookie = await signIn(base, 'unit-roads5');
  let items: InboxItem[] = [];
  let raw = '';
  await waitFor(
    async () => {
      const r = await fetch(`${base}/api/v1/office/inbox?view=all`, { headers: { cookie } });
      raw = await r.text();
      items = r.status === 200 ? (JSON.parse(raw) as { items: InboxItem[] }).items : [];
      const states = new Set(items.map((i) => i.status));
      return (
        ['referred', 'in-progress', 'done', 'returned'].every((s) => states.has(s)) &&
        items.some((i) => i.pendingExtension)
      );
    },
    60_000,
    'the roads unit inbox in several states',
    500,
  ).catch(() => undefined);
  expect(new Set(items.map((i) => i.status))).toEqual(new Set(['referred', 'in-progress', 'done', 'returned']));
  expect(items.some((i) => i.hazard)).toBe(true);
  expect(items.some((i) => i.pendingExtension)).toBe(true);
  expect(raw).not.toMatch(/09\d{9}|\+989\d{9}/);
  const sup = await signIn(base, 'supervisor1');
  const returned = await fetch(`${base}/api/v1/requests?status=returned`, { headers: { cookie: sup } });
  expect(((await returned.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
}

async function signIn(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo137' }),
  });
  expect(r.status, username).toBe(200);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}
