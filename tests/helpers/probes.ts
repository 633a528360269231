// Looking inside the running server where no event says what a test must wait for: the resync
// after an AMI (re)connect has finished, or the server's database queries of one kind (a session
// sweep reading the sessions, an audit row refused).
import { vi } from 'vitest';
import type { TestApp } from './app.ts';
import { waitFor } from './wait.ts';

/**
 * Watches for the resync cti137 runs after every AMI (re)connect: resolves once one for `serverId`
 * has finished (its last step syncs the queue members). Call it before causing the reconnect.
 */
export function nextResync(app: TestApp, serverId = 'pbx1', timeoutMs = 10_000): Promise<void> {
  const spy = vi.spyOn(app.operators, 'syncMembers');
  const done = () =>
    spy.mock.settledResults.some((r, i) => r.type !== 'incomplete' && spy.mock.calls[i]?.[0] === serverId);
  return waitFor(done, timeoutMs, `${serverId} resynced`)
    .then(() => undefined)
    .finally(() => spy.mockRestore());
}

/** The app's database queries whose SQL matches a pattern, as they are made and settle. */
export interface QueryWatch {
  /** Queries made so far. */
  readonly count: number;
  /** Of those, the ones that failed (e.g. refused by a trigger). */
  readonly failed: number;
  stop(): void;
}

/** Watches the app's pool queries whose SQL matches `pattern`, from now until `stop()`. */
export function watchQueries(app: TestApp, pattern: RegExp): QueryWatch {
  const spy = vi.spyOn(app.db, 'query');
  const matching = () =>
    spy.mock.calls
      .map(([q], i) => ({
        sql: typeof q === 'string' ? q : String((q as { text?: string } | undefined)?.text ?? ''),
        i,
      }))
      .filter(({ sql }) => pattern.test(sql));
  return {
    get count() {
      return matching().length;
    },
    get failed() {
      return matching().filter(({ i }) => spy.mock.settledResults[i]?.type === 'rejected').length;
    },
    stop: () => spy.mockRestore(),
  };
}
