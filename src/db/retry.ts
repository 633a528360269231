import { isTransientDbError } from './pool.ts';

/** Waits between tries while the database is away: quick at first, then every 5 s. */
export const DB_RETRY_DELAYS_MS = [100, 400, 1000, 2000, 5000];

export interface DbRetryOptions {
  delaysMs?: readonly number[];
  /** True once the writer is closing: the next failure is thrown instead of waited out. */
  givingUp: () => boolean;
  /** Each failure that will be retried (attempt counts from 1), for the writer's log line. */
  onRetry?: (err: Error, attempt: number) => void;
}

/**
 * Run a write until it is stored: a lost database (refused, reset, cut, out of connections) or a
 * serialization failure is waited out, in order; a refused statement (bad data) fails at once, so
 * retrying never hides a bug. Survey answers and operator-state intervals write through this.
 */
export async function retryWhileDbDown<T>(write: () => Promise<T>, o: DbRetryOptions): Promise<T> {
  const delays = o.delaysMs ?? DB_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (o.givingUp() || !isTransientDbError(err)) throw err;
      o.onRetry?.(err as Error, attempt + 1);
      await new Promise((r) => setTimeout(r, delays[Math.min(attempt, delays.length - 1)]));
    }
  }
}
