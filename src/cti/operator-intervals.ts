import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import { startStateInterval } from './operator-repository.ts';

/**
 * Every change of an operator's displayed state, stored as an interval so that pause, talk and
 * idle time can be reported per shift. Written behind the live state: one chain of writes per
 * operator (in order for each), in parallel across operators.
 */
export class OperatorIntervals {
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly d: { db: Db; calendar: ShiftCalendar; logger: Logger }) {}

  record(operatorId: string, state: string, reason: string | null, at: number): void {
    const shift = this.d.calendar.shiftAt(at);
    const when = new Date(at);
    const prev = this.writes.get(operatorId) ?? Promise.resolve();
    const next = prev
      .then(() => startStateInterval(this.d.db, { operatorId, state, reason, at: when, shift }))
      .catch((err) => this.d.logger.error({ err: (err as Error).message }, 'could not store operator state interval'))
      .finally(() => {
        if (this.writes.get(operatorId) === next) this.writes.delete(operatorId);
      });
    this.writes.set(operatorId, next);
  }

  /** Wait for the intervals still being written (shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }
}
