// One cti137 node of the test cluster: the real entry point (src/main.ts) in a child process, so
// that a kill -9 is a real death (no flush, no goodbye, sockets cut by the kernel).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait.ts';

/** The repository root: the node runs `src/main.ts` from there whatever vitest's cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `n` different ports nobody listens on now: each is held until all are found (a port freed at
 * once can come back from the next probe), then freed for the children to take.
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, async () => {
      const srv = createServer();
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      return srv;
    }),
  );
  const ports = servers.map((srv) => (srv.address() as { port: number }).port);
  await Promise.all(servers.map((srv) => new Promise((r) => srv.close(r))));
  return ports;
}

/** `cluster` of GET /health, as the lead's contract gives it (absent before src/cluster lands). */
export interface ClusterHealth {
  node: string;
  role: 'owner' | 'standby' | 'single';
  owner: string | null;
  epoch: number;
}

export interface NodeHealth {
  status: number;
  ok?: boolean;
  cluster?: ClusterHealth;
  [k: string]: unknown;
}

/** The variables of this process a node must not inherit (they would point it elsewhere). */
const FOREIGN_ENV = /^(DATABASE_URL|REDIS_URL|REDIS_PREFIX|ASTERISK_|EMULATOR_|DEMO|CLUSTER_|PORT$|HOST$)/;

export class ClusterNode {
  readonly url: string;
  child: ChildProcess | null = null;
  /** Everything the node printed (its last start), for a failure's message. */
  output = '';
  /** How many times it has been started (1 after the first start). */
  starts = 0;

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get alive(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the node; resolves once its /health answers (200, or a standby's JSON). */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.alive) throw new Error(`node ${this.id} is already running`);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !FOREIGN_ENV.test(k)) env[k] = v;
    Object.assign(env, this.env, {
      PORT: String(this.port),
      HOST: '127.0.0.1',
      CLUSTER_NODE_ID: this.id,
      CLUSTER_URL: this.url,
    });
    this.output = '';
    this.starts++;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (d: Buffer) => {
      // A node logging for a minute must not fill the test's memory: the tail says what happened.
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`node ${this.id} exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
        const h = await this.health().catch(() => null);
        return h && (h.status === 200 || h.cluster?.role === 'standby');
      },
      timeoutMs,
      `node ${this.id} up on ${this.url}`,
      100,
    );
  }

  /** GET /health of this node directly (not through HAProxy). */
  async health(): Promise<NodeHealth> {
    const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { ...body, status: res.status } as NodeHealth;
  }

  /** Desk sockets connected to this node now, from its own /metrics (loopback may read it). */
  async deskSockets(): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const m = /^cti137_sockets\{namespace="\/desk"\} (\d+)/m.exec(text);
    return m ? Number(m[1]) : 0;
  }

  /** kill -9: resolves once the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM (the graceful stop of main.ts), then SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
