import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BenchContext } from './context.ts';

// A benchmark's server in a process of its own (as clients on other machines meet it, and so that
// its memory and CPU can be read from /proc), and the /proc readings the benchmarks report.

export interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs `script` (it prints {"url": …} once it listens, and stops on SIGTERM) on the bench database. */
export async function startChildServer(script: string, dbUrl: string, bench: string): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_DB_URL: dbUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${bench}: the server exited (${code})`)));
    // The server's own log lines may come first.
    lines.on('line', (l) => l.startsWith('{"url"') && resolve((JSON.parse(l) as { url: string }).url));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
  return { url, pid: child.pid!, stop };
}

/** A process's resident memory (MB), from /proc. */
export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * CPU seconds a process has used (user + system), from /proc (Linux); NaN when it cannot tell (a
 * process gone). On a shared machine, work per CPU second is the steadier figure.
 */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** The CPU seconds of each PostgreSQL backend on the bench database (a local server), but the asking one. */
export async function pgBackendsCpu(ctx: BenchContext): Promise<Map<number, number>> {
  const { rows } = await ctx.db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const s = cpuSeconds(pid);
    if (!Number.isNaN(s)) out.set(pid, s); // NaN: a backend that ended meanwhile
  }
  return out;
}

/**
 * PostgreSQL's CPU seconds since `before`: the backends there now, less what each had then (a new
 * one from zero). A backend that ended meanwhile is not counted (its figures are gone).
 */
export async function pgCpuSince(ctx: BenchContext, before: Map<number, number>): Promise<number> {
  let sum = 0;
  for (const [pid, cpu] of await pgBackendsCpu(ctx)) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}
