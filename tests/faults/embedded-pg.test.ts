import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.ts';
import { freePort } from './ports.ts';
import { RequestLoop, report, untilHealthy, untilUnhealthy } from './traffic.ts';

// `npm start` with nothing configured, as a child process: the embedded PostgreSQL is killed
// (SIGKILL of its postmaster) while a desk registers requests, and must come back by itself; then
// cti137 itself is killed with SIGKILL, which leaves that PostgreSQL running on its port, and the
// next start must stop it (it is ours: our data directory, no live cti137) and come up.

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

describe('the embedded PostgreSQL, supervised', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cti137-faults-embedded-'));
  const children: ChildProcess[] = [];
  let env: Record<string, string>;
  let base = '';

  function startCti(): { child: ChildProcess; output: () => string } {
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    children.push(child);
    return { child, output: () => out };
  }

  const postmasterPid = () => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

  afterAll(async () => {
    for (const c of children)
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await new Promise((r) => c.once('exit', r));
      }
    // A postmaster a killed child left behind (the test failed before the takeover).
    try {
      const pid = postmasterPid();
      if (alive(pid)) process.kill(pid, 'SIGQUIT');
    } catch {
      // no server left
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a killed server, and takes over the one a killed cti137 left', async () => {
    // Four different ports: a port freed by one probe may be handed to the next (CI saw the HTTP
    // port equal an emulator port once: EADDRINUSE inside the one process).
    const ports = new Set<number>();
    while (ports.size < 4) ports.add(await freePort());
    const [port, pgPort, amiPort, ariPort] = [...ports] as [number, number, number, number];
    env = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !/^(DATABASE_URL|REDIS_URL|ASTERISK_|EMULATOR_|DEMO_PASSWORD)/.test(k)) env[k] = v;
    Object.assign(env, {
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_PG_PORT: String(pgPort),
      EMULATOR_AMI_PORT: String(amiPort),
      EMULATOR_ARI_PORT: String(ariPort),
      EMULATOR_TRAFFIC: 'off',
      LOG_LEVEL: 'warn',
    });
    base = `http://127.0.0.1:${port}`;
    const first = startCti();
    await waitFor(() => first.output().includes('Demo users') || first.child.exitCode !== null, 90_000, 'first start');
    expect(first.output()).toContain('Demo users');
    await untilHealthy(base);

    // A desk registering requests throughout.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator1', password: 'demo137' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const cats = (await (await fetch(`${base}/api/v1/categories`, { headers: { cookie } })).json()) as Array<{
      id: string;
      parentId: string | null;
      hazard: boolean;
    }>;
    const requests = new RequestLoop(base, cookie, cats.find((c) => c.parentId !== null && !c.hazard)!.id);
    await waitFor(() => requests.acked.size >= 3, 10_000, 'requests flowing');

    // 1. The server is killed: cti137 starts it again by itself.
    const killed = postmasterPid();
    const killedAt = Date.now();
    process.kill(killed, 'SIGKILL');
    const down = await untilUnhealthy(base);
    expect(down.database).toBe('down');
    const restartMs = await untilHealthy(base, 30_000);
    report('embedded PostgreSQL killed (SIGKILL), restarted by cti137', restartMs);
    expect(postmasterPid()).not.toBe(killed);
    // What cti137 logged about it: the exit, failed attempts (shared memory of the dead server's
    // backends may linger a moment), and the server back.
    const supervision = first
      .output()
      .split('\n')
      .filter((l) => l.includes('"mod":"embedded-pg"'));
    const lines = supervision.map((l) => JSON.parse(l) as { msg: string; time: number });
    console.log(lines.map((l) => `[faults]   +${((l.time - killedAt) / 1000).toFixed(2)} s ${l.msg}`).join('\n'));
    expect(supervision.some((l) => l.includes('embedded PostgreSQL is back'))).toBe(true);
    const ackedBefore = requests.acked.size;
    await waitFor(() => requests.acked.size >= ackedBefore + 3, 15_000, 'requests after the restart');
    await requests.stop();

    // 2. cti137 is killed: its PostgreSQL stays, holding the port ...
    const orphan = postmasterPid();
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(alive(orphan)).toBe(true);
    // ... and the next start stops it cleanly and comes up on the same port.
    const t0 = Date.now();
    const second = startCti();
    await waitFor(() => second.output().includes('Demo users') || second.child.exitCode !== null, 60_000, 'restart');
    expect(second.output()).toContain('Demo users');
    await untilHealthy(base);
    report('cti137 killed (SIGKILL) and started again, stale PostgreSQL taken over', Date.now() - t0);
    expect(alive(orphan)).toBe(false);
    expect(second.output()).toContain('left running by a cti137 that is gone');

    // Every acknowledged request is there once, nothing else.
    const db = new pg.Client({ connectionString: `postgres://cti137:cti137-embedded@127.0.0.1:${pgPort}/cti137` });
    await db.connect();
    const rows = await db.query<{ id: string }>(`SELECT id::text FROM requests WHERE description LIKE $1`, [
      `${requests.marker} %`,
    ]);
    await db.end();
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...requests.acked.values()].sort());
    expect(requests.internalErrors).toBe(0);

    // 3. SIGTERM stops cti137 and its PostgreSQL with it.
    const pgPid = postmasterPid();
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', (c) => r(c)));
    expect(code, second.output()).toBe(0);
    expect(alive(pgPid)).toBe(false);
  }, 150_000);
});
