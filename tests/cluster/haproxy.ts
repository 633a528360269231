// HAProxy from Debian in front of the test cluster, as docker/haproxy.cfg puts it in front of a
// deployment: round robin over the nodes, websockets passed through, /health checked often.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.ts';

export const HAPROXY_BIN = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
export const HAVE_HAPROXY = existsSync(HAPROXY_BIN);

/**
 * The configuration. Timeouts are short where a dead node must be noticed quickly (connect,
 * health checks every 250 ms, down after 2 misses) and long where a live socket idles: a desk's
 * websocket is a tunnel that only socket.io's pings cross (every 25 s).
 */
export function haproxyConfig(port: number, nodes: Array<{ id: string; port: number }>): string {
  return [
    'global',
    '  maxconn 4096',
    '  log stderr format raw local0 info',
    'defaults',
    '  mode http',
    // Only what went wrong is logged (a 5xx, a cut connection): the test prints it when it fails.
    '  log global',
    '  option httplog',
    '  option dontlog-normal',
    '  timeout connect 500ms',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-request 5s',
    '  timeout tunnel 120s',
    // A request sent to a node that has just died is sent again to another one.
    '  option redispatch',
    '  retries 2',
    'frontend cti137',
    `  bind 127.0.0.1:${port}`,
    // The nodes' "Keep-Alive: timeout=72" would let a client keep an idle connection far longer
    // than HAProxy does (5 s): a POST on one HAProxy has just closed fails ("other side closed").
    '  http-response del-header keep-alive',
    '  default_backend nodes',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    // A killed node refuses the check at once (down after 2 × 250 ms); a live node slow to answer
    // on a busy machine is given 2 s (/health pings the database) before it counts as a miss.
    '  timeout check 2s',
    '  default-server inter 250ms fastinter 250ms downinter 250ms rise 2 fall 2',
    ...nodes.map((n) => `  server ${n.id} 127.0.0.1:${n.port} check`),
    '',
  ].join('\n');
}

export class HaProxy {
  private child: ChildProcess | null = null;
  /** The tail of what HAProxy logged (errors only). */
  output = '';
  readonly url: string;

  constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly nodes: Array<{ id: string; port: number }>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Writes the cfg into the temp dir, checks it (`-c`), starts HAProxy in the foreground. */
  async start(): Promise<void> {
    const cfg = join(this.dir, 'haproxy.cfg');
    writeFileSync(cfg, haproxyConfig(this.port, this.nodes));
    const child = spawn(HAPROXY_BIN, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-10_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}):\n${this.output}`);
        // Any HTTP answer means the frontend listens (503 while no node is up yet is fine).
        return (await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) }).catch(() => null)) !== null;
      },
      10_000,
      `haproxy on ${this.url}`,
    );
  }

  /** Until HAProxy's checks have every listed node up again (it sends them traffic then). */
  async untilServing(nodeUrls: string[], timeoutMs = 10_000): Promise<void> {
    // HAProxy marks a node up after `rise 2` checks of 250 ms: wait for the node, then that long.
    await waitFor(
      async () => {
        const all = await Promise.all(
          nodeUrls.map((u) =>
            fetch(`${u}/health`).then(
              (r) => r.status === 200,
              () => false,
            ),
          ),
        );
        return all.every(Boolean);
      },
      timeoutMs,
      'nodes healthy for haproxy',
    );
    await new Promise((r) => setTimeout(r, 700));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
