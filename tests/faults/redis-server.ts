// A redis-server of the test's own, on its own port, that the test kills and starts again (the
// shared Redis on 6379 is never touched). No persistence: a restarted Redis is an empty one, the
// harder case for cti137.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.ts';
import { waitFor } from '../helpers/wait.ts';

export class RedisServer {
  private proc: ChildProcess | null = null;
  private out = '';

  private constructor(readonly port: number) {}

  static async create(): Promise<RedisServer> {
    const r = new RedisServer(await freePort());
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(): Promise<void> {
    this.out = '';
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const proc = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.proc = proc;
    await waitFor(
      () => this.out.includes('Ready to accept connections') || proc.exitCode !== null,
      10_000,
      'redis-server',
    );
    if (proc.exitCode !== null) throw new Error(`redis-server exited: ${this.out}`);
  }

  /** SIGKILL: Redis gone at once, as a crash or a lost node. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }
}
