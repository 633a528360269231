import type { ShiftCalendar } from '../calendar/index.ts';
import { retryWhileDbDown, type Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import { startStateInterval } from './operator-repository.ts';

/** Waits between tries of an interval the database did not take (the last one repeats). */
/** Intervals held while the database is away; past this the newest are refused (logged). */
const MAX_PENDING = 50_000;

/**
 * Every change of an operator's displayed state, stored as an interval so that pause, talk and
 * idle time can be reported per shift. Written behind the live state: one chain of writes per
 * operator (in order for each), in parallel across operators. While the database is away each
 * chain waits and retries, so a 12 s outage delays the intervals instead of losing them.
 */
export class OperatorIntervals {
  private readonly writes = new Map<string, Promise<unknown>>();
  private pending = 0;
  private closing = false;

  constructor(private readonly d: { db: Db; calendar: ShiftCalendar; logger: Logger }) {}

  record(operatorId: string, state: string, reason: string | null, at: number): void {
    if (this.pending >= MAX_PENDING) {
      this.d.logger.error({ operatorId, state, pending: this.pending }, 'operator state interval dropped: queue full');
      return;
    }
    const row = { operatorId, state, reason, at: new Date(at), shift: this.d.calendar.shiftAt(at) };
    this.pending++;
    const prev = this.writes.get(operatorId) ?? Promise.resolve();
    const next = prev
      .then(() => this.write(row))
      .catch((err) =>
        this.d.logger.error(
          { err: (err as Error).message, operatorId, state },
          'could not store operator state interval',
        ),
      )
      .finally(() => {
        this.pending--;
        if (this.writes.get(operatorId) === next) this.writes.delete(operatorId);
      });
    this.writes.set(operatorId, next);
  }

  /** Intervals not yet stored. */
  get backlog(): number {
    return this.pending;
  }

  /** Wait for the intervals still being written (shutdown); after graceMs, stop retrying. */
  async flush(graceMs = 3_000): Promise<void> {
    const all = Promise.allSettled([...this.writes.values()]);
    const timer = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([all, timer]);
    if (this.pending > 0) {
      this.closing = true;
      this.d.logger.error({ intervals: this.pending }, 'operator state intervals not stored at shutdown');
    }
  }

  private write(row: Parameters<typeof startStateInterval>[1]): Promise<void> {
    return retryWhileDbDown(() => startStateInterval(this.d.db, row), {
      givingUp: () => this.closing,
      onRetry: (err, attempt) => {
        if (attempt === 1) this.d.logger.warn({ err: err.message }, 'operator state intervals wait for the database');
      },
    });
  }
}
