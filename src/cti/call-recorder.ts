import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import { normalizePhone, type Logger } from '../shared/index.ts';
import { insertCalls, insertRings, updateCalls, type NewCallRow, type RingRow } from './call-repository.ts';
import type { CtiBus, LiveCall } from './cti-events.ts';
import type { OperatorDirectory } from './operator-directory.ts';

export interface CallRecorderDeps {
  db: Db;
  bus: CtiBus;
  operators: OperatorDirectory;
  logger: Logger;
  /** Which shift a call belongs to. */
  calendar: ShiftCalendar;
  /** How long milestones may wait to be written together (ms). */
  batchMs?: number;
}

interface Deferred {
  promise: Promise<string>;
  resolve: (id: string) => void;
  reject: (e: Error) => void;
}

function deferred(): Deferred {
  let resolve!: (id: string) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // a failed insert is logged where it happens
  return { promise, resolve, reject };
}

/**
 * Our own CDR: one row per call, written behind the live state in small batches. New calls are
 * inserted within a few milliseconds (the desk and the survey need the row's id); later
 * milestones of a call coalesce (the latest snapshot wins) and are written together with other
 * calls' in one statement. A failed batch is retried with backoff (the database may be
 * restarting) and kept until it lands, so no finished call is lost.
 */
export class CallRecorder {
  private readonly ids = new Map<string, Deferred>();
  private readonly resolved = new Map<string, string>();
  private newCalls: Array<NewCallRow & { d: Deferred }> = [];
  private dirty = new Map<string, LiveCall>();
  private rings: Array<{ key: string; serverId: string; ring: RingRow['ring'] }> = [];
  private finished = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private readonly batchMs: number;

  constructor(private readonly d: CallRecorderDeps) {
    this.batchMs = d.batchMs ?? 20;
    const { bus } = d;
    bus.on('call:started', (c) => this.started(c));
    bus.on('call:queued', (c) => this.mark(c));
    bus.on('call:answered', (c) => this.mark(c));
    bus.on('call:agent-completed', (c) => this.mark(c));
    bus.on('call:ring-ended', (c, r) => this.ring(c, r));
    bus.on('call:ended', (c) => {
      // Answered rings are stored when the call ends, with their final times.
      for (const r of c.rings) if (r.outcome === 'answered') this.ring(c, r);
      this.mark(c);
      this.finished.add(c.key);
    });
  }

  /** The database id of a live call (the desk and the survey refer to calls by it). */
  idOf(key: string): Promise<string> | undefined {
    return this.ids.get(key)?.promise;
  }

  /** The id if the call's row is already written (synchronous, for snapshots). */
  knownId(key: string): string | null {
    return this.resolved.get(key) ?? null;
  }

  /**
   * Write everything pending now (tests, shutdown). A database that is away is waited for, with
   * the same backoff as the timer's retries, up to graceMs; what is still unwritten then is
   * logged with its count (at shutdown the queue is never dropped silently).
   */
  async flush(graceMs = 6_000): Promise<void> {
    const deadline = Date.now() + graceMs;
    while ((this.pending() || this.running) && Date.now() < deadline) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (this.running) await this.running;
      else await this.run();
      if (this.failures && this.pending()) {
        const wait = Math.min(5000, 100 * 2 ** this.failures, Math.max(0, deadline - Date.now()));
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    if (this.pending())
      this.d.logger.error(
        { calls: this.newCalls.length, updates: this.dirty.size, rings: this.rings.length },
        'call records not written at shutdown',
      );
  }

  /** Calls, milestones and rings not yet written. */
  get backlog(): number {
    return this.newCalls.length + this.dirty.size + this.rings.length;
  }

  private pending(): boolean {
    return this.newCalls.length > 0 || this.dirty.size > 0 || this.rings.length > 0;
  }

  private started(c: LiveCall): void {
    if (this.ids.has(c.key)) return;
    const d = deferred();
    this.ids.set(c.key, d);
    this.newCalls.push({
      call: { ...c, rings: [] },
      shift: this.d.calendar.shiftAt(c.enteredAt),
      phone: normalizePhone(c.callerNum),
      d,
    });
    this.schedule(1);
  }

  private mark(c: LiveCall): void {
    if (!this.ids.has(c.key)) this.started(c);
    this.dirty.set(c.key, { ...c, rings: [] });
    this.schedule(this.batchMs);
  }

  private ring(c: LiveCall, r: RingRow['ring']): void {
    if (!this.ids.has(c.key)) this.started(c);
    this.rings.push({ key: c.key, serverId: c.serverId, ring: { ...r } });
    this.schedule(this.batchMs);
  }

  private schedule(ms: number): void {
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private run(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.writeBatch()
      .then(() => {
        this.failures = 0;
      })
      .catch((err) => {
        this.failures++;
        this.d.logger.error(
          { err: (err as Error).message, attempt: this.failures },
          'call records not written yet; retrying',
        );
      })
      .finally(() => {
        this.running = null;
        if (this.pending()) this.schedule(this.failures ? Math.min(5000, 100 * 2 ** this.failures) : this.batchMs);
      });
    return this.running;
  }

  private async writeBatch(): Promise<void> {
    const { db } = this.d;
    if (this.newCalls.length) {
      const batch = this.newCalls;
      this.newCalls = [];
      try {
        const ids = await insertCalls(db, batch);
        batch.forEach((row, i) => {
          this.resolved.set(row.call.key, ids[i]!);
          row.d.resolve(ids[i]!);
        });
      } catch (err) {
        this.newCalls = batch.concat(this.newCalls);
        throw err;
      }
    }
    // Only calls whose row exists can be updated; the rest wait for the next batch.
    const ready = [...this.dirty].filter(([key]) => this.resolved.has(key));
    const ringsReady = this.rings.filter((r) => this.resolved.has(r.key));
    if (ready.length) {
      for (const [key] of ready) this.dirty.delete(key);
      try {
        await updateCalls(
          db,
          ready.map(([key, call]) => ({
            id: this.resolved.get(key)!,
            call,
            operatorId: this.d.operators.byInterface(call.memberInterface, call.serverId)?.id ?? null,
            // A call belongs to the shift in which it entered the queue (DESIGN.md).
            shift: this.d.calendar.shiftAt(call.queuedAt ?? call.enteredAt),
          })),
        );
      } catch (err) {
        for (const [key, call] of ready) if (!this.dirty.has(key)) this.dirty.set(key, call);
        throw err;
      }
    }
    if (ringsReady.length) {
      this.rings = this.rings.filter((r) => !this.resolved.has(r.key));
      try {
        await insertRings(
          db,
          ringsReady.map((r) => ({
            callId: this.resolved.get(r.key)!,
            ring: r.ring,
            operatorId: this.d.operators.byInterface(r.ring.interface, r.serverId)?.id ?? null,
          })),
        );
      } catch (err) {
        this.rings = ringsReady.concat(this.rings);
        throw err;
      }
    }
    // A finished call with nothing left to write is forgotten.
    for (const key of this.finished) {
      if (this.dirty.has(key) || this.rings.some((r) => r.key === key) || !this.resolved.has(key)) continue;
      this.finished.delete(key);
      this.ids.delete(key);
      this.resolved.delete(key);
    }
  }
}
