import pg from 'pg';
import { isDatabaseUnreachable, type Logger } from '../shared/index.ts';

export type Db = pg.Pool;
export type DbClient = pg.PoolClient;

// BIGINT counts come back as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * A pg client that never crashes the process when its connection drops while it is checked out
 * and idle between two queries (pg emits 'error' then, and an EventEmitter 'error' with no
 * listener is an uncaught exception). The error still reaches the query that was running, and
 * pg-pool throws the broken client away on release because it is no longer queryable.
 * Passed as `Client` to every pg.Pool we or BullMQ's PostgreSQL backend create.
 */
export class ResilientClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

export function createPool(connectionString: string, logger: Logger, max = 10): Db {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    Client: ResilientClient,
  });
  // An idle client losing its connection (database restart) must not crash the process;
  // the pool drops it and the next query gets a fresh connection.
  pool.on('error', (err) =>
    logger.error({ err: err.message }, 'PostgreSQL connection lost; the pool will reconnect on the next query'),
  );
  return pool;
}

/** Run fn in one transaction; rolls back on any throw. */
export async function withTransaction<T>(db: Db, fn: (c: DbClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Wait until the database answers, retrying with a clear log line: in a real deployment the
 * database may start after us, and an orchestrator restart loop is worse than waiting.
 */
export async function waitForDatabase(db: Db, logger: Logger, timeoutMs = Number.POSITIVE_INFINITY): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (;;) {
    try {
      await db.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not answer within ${timeoutMs / 1000}s: ${(err as Error).message}`, {
          cause: err,
        });
      logger.warn(
        { err: (err as Error).message, retryInMs: delay },
        'PostgreSQL is not reachable yet; cti137 will start as soon as it answers',
      );
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** For /health: does PostgreSQL answer a trivial query now? */
export function pingDatabase(db: Db): Promise<boolean> {
  return db.query('SELECT 1').then(
    () => true,
    () => false,
  );
}

/**
 * Whether a failed query may succeed if tried again: the database could not be reached (see
 * isDatabaseUnreachable: refused, reset, cut by a shutdown, out of connections), or a
 * serialization failure / deadlock. A constraint, syntax or programming error is not: retrying
 * it forever would only hide it.
 */
export function isTransientDbError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return isDatabaseUnreachable(err) || code === '40001' || code === '40P01';
}
