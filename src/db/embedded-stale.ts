import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '../shared/index.ts';

// A cti137 killed with SIGKILL leaves its embedded PostgreSQL running (it is a separate process),
// holding the port, so the next start failed. Before starting, a server left in our data directory
// by a cti137 that is gone is stopped cleanly (SIGINT: fast shutdown, committed data kept). Only a
// postmaster whose command line names our data directory is touched, and only when no live cti137
// owns it (the owner file written at every start names the process that started it).

const OWNER_FILE = 'cti137-owner.pid';

export function ownerFile(dir: string): string {
  return resolve(dir, OWNER_FILE);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the postgres user when we run as root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether `pid` is a postgres server started on data directory `dir` (argv `-D dir`). */
function isOurPostmaster(pid: number, dir: string): boolean {
  const argv = cmdline(pid);
  const d = argv.indexOf('-D');
  return d >= 0 && /(^|\/)postgres$/.test(argv[0] ?? '') && resolve(argv[d + 1] ?? '') === resolve(dir);
}

/** The cti137 that started the server in `dir` is still running (not us, not dead). */
function ownerAlive(dir: string): boolean {
  const owner = readPid(ownerFile(dir));
  if (!owner || owner === process.pid || !alive(owner)) return false;
  return cmdline(owner).some((a) => /node|tsx/.test(a));
}

/**
 * Stops a server a dead cti137 left running in `dir`; throws if a live cti137 owns it. Returns
 * whether one was stopped. A postmaster.pid whose process is gone or is no postgres of `dir`
 * is left to PostgreSQL itself, which ignores such a stale file at start.
 */
export async function stopStaleServer(dir: string, logger: Logger, waitMs = 20_000): Promise<boolean> {
  const pid = readPid(resolve(dir, 'postmaster.pid'));
  if (!pid || !alive(pid) || !isOurPostmaster(pid, dir)) return false;
  if (ownerAlive(dir))
    throw new Error(
      `the embedded PostgreSQL in ${dir} belongs to another running cti137 (pid ${readPid(ownerFile(dir))}); stop it first or choose another DATA_DIR`,
    );
  logger.warn({ pid, dir }, 'embedded PostgreSQL left running by a cti137 that is gone; stopping it cleanly');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + waitMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`the stale embedded PostgreSQL (pid ${pid}) did not stop within ${waitMs / 1000}s`);
  return true;
}
