import { runner } from 'node-pg-migrate';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../shared/index.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Apply the numbered SQL migrations in migrations/ (node-pg-migrate, with its advisory lock so two nodes cannot race). */
export async function migrate(databaseUrl: string, logger: Logger): Promise<void> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    // Nodes of one deployment start together: the second waits for the first's lock (then finds
    // nothing to apply) instead of failing its start with "Another migration is already running".
    advisoryLockMode: 'wait',
    checkOrder: true,
    log: (msg: string) => logger.debug({ migrate: msg }, 'migration'),
    verbose: false,
  });
  if (applied.length) logger.info({ applied: applied.map((m) => m.name) }, 'database migrations applied');
}
