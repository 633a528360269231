import type { Db } from '../db/pool.ts';
import type { Logger } from '../shared/logger.ts';
import { normalizePhone } from '../shared/phone.ts';
import { insertRing, updateCall, upsertCall } from './call-repository.ts';
import type { CtiBus, LiveCall } from './cti-events.ts';
import type { OperatorDirectory } from './operator-directory.ts';
import { shiftOf, type ShiftRef } from './shifts.ts';

export interface CallRecorderDeps {
  db: Db;
  bus: CtiBus;
  operators: OperatorDirectory;
  logger: Logger;
  shiftFor: (at: number) => ShiftRef;
}

/**
 * Our own CDR: one row per call, written at each milestone. Writes for one call are chained so
 * they land in order even though the bus is synchronous and the database is not. A failed write
 * is retried a few times (the database may be restarting) and then logged loudly.
 */
export class CallRecorder {
  private readonly ids = new Map<string, Promise<string>>();
  private readonly resolved = new Map<string, string>();
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly d: CallRecorderDeps) {
    const { bus } = d;
    bus.on('call:started', (c) => this.started(c));
    bus.on('call:queued', (c) => this.save(c));
    bus.on('call:answered', (c) => this.save(c));
    bus.on('call:agent-completed', (c) => this.save(c));
    bus.on('call:ring-ended', (c, r) => this.enqueue(c, async (id) => insertRing(d.db, id, r, d.operators.byInterface(r.interface)?.id ?? null)));
    bus.on('call:ended', (c) => {
      const snapshot = { ...c, rings: c.rings.map((r) => ({ ...r })) };
      // Answered rings are stored when the call ends, with their final times.
      this.enqueue(snapshot, async (id) => {
        for (const r of snapshot.rings) if (r.outcome === 'answered') await insertRing(d.db, id, r, d.operators.byInterface(r.interface)?.id ?? null);
      });
      this.save(snapshot).finally(() => {
        this.ids.delete(c.key);
        this.chains.delete(c.key);
        this.resolved.delete(c.key);
      });
    });
  }

  /** The database id of a live call (the desk and the survey refer to calls by it). */
  idOf(key: string): Promise<string> | undefined {
    return this.ids.get(key);
  }

  /** The id if the call's row is already written (synchronous, for snapshots). */
  knownId(key: string): string | null {
    return this.resolved.get(key) ?? null;
  }

  /** Wait until every pending write has landed (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
  }

  private started(c: LiveCall): void {
    const phone = normalizePhone(c.callerNum);
    const shift = this.d.shiftFor(c.enteredAt);
    const id = this.retry(() => upsertCall(this.d.db, c, shift, phone), `record call ${c.linkedid}`);
    this.ids.set(c.key, id);
    this.chains.set(c.key, id.then((v) => void this.resolved.set(c.key, v)).catch(() => undefined));
  }

  private save(c: LiveCall): Promise<unknown> {
    const snapshot = { ...c };
    return this.enqueue(c, (id) => updateCall(this.d.db, id, snapshot, this.d.operators.byInterface(snapshot.memberInterface)?.id ?? null));
  }

  private enqueue(c: LiveCall, write: (id: string) => Promise<void>): Promise<unknown> {
    if (!this.ids.has(c.key)) this.started(c);
    const idP = this.ids.get(c.key)!;
    const prev = this.chains.get(c.key) ?? Promise.resolve();
    const next = prev.then(async () => write(await idP)).catch((err) => this.d.logger.error({ err: (err as Error).message, linkedid: c.linkedid }, 'call record write failed'));
    this.chains.set(c.key, next);
    return next;
  }

  private async retry<T>(fn: () => Promise<T>, what: string): Promise<T> {
    let delay = 200;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= 5) {
          this.d.logger.error({ err: (err as Error).message }, `${what}: giving up after ${attempt} attempts`);
          throw err;
        }
        this.d.logger.warn({ err: (err as Error).message, attempt }, `${what}: database write failed, retrying`);
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
  }
}

export const shiftResolver = (shifts: Parameters<typeof shiftOf>[1], tz: string) => (at: number) => shiftOf(at, shifts, tz);
