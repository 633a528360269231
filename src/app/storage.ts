import { createPool, migrate, startEmbeddedPostgres, waitForDatabase, type Db } from '../db/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { Logger } from '../shared/index.ts';

export interface Storage {
  db: Db;
  /** The URL the pool and BullMQ's PostgreSQL backend use (the embedded server's, if no DATABASE_URL). */
  databaseUrl: string;
  /** The embedded server's supervisor state (up, restarting, stopped); null with DATABASE_URL. */
  embeddedState: () => string | null;
}

/**
 * PostgreSQL (DATABASE_URL, or an embedded server under DATA_DIR), reachable and migrated. The
 * embedded server is supervised (restarted if it dies) and stopped after the pool, with cti137.
 */
export async function startStorage(
  cfg: AppConfig,
  log: Logger,
  onStop: (fn: () => Promise<unknown>) => void,
): Promise<Storage> {
  let databaseUrl = cfg.databaseUrl;
  let embeddedState: () => string | null = () => null;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(cfg.dataDir, cfg.embeddedPgPort, log.child({ mod: 'embedded-pg' }));
    onStop(() => embedded.stop());
    databaseUrl = embedded.url;
    embeddedState = embedded.state;
  }
  const db = createPool(databaseUrl, log);
  onStop(() => db.end());
  await waitForDatabase(db, log);
  await migrate(databaseUrl, log);
  return { db, databaseUrl, embeddedState };
}
