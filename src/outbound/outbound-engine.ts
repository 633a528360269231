import type { CtiHandle } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import { AppError, conflict, normalizePhone, validationError, type Logger } from '../shared/index.ts';
import { localDate, nextWindowOpening, retryDelayMs } from './calling-windows.ts';
import { channelIdOf, dialJobId, watchJobId } from './outbound-jobs.ts';
import * as repo from './outbound-repository.ts';
import type { OutboundRow } from './outbound-repository.ts';
import type {
  CallingWindows,
  OutboundHandle,
  OutboundOutcome,
  OutboundRequest,
  OutboundResult,
  OutboundStatus,
} from './outbound-types.ts';
import { originateFields, type OriginateInput } from './originate.ts';

export interface OutboundSettings {
  windows: CallingWindows;
  maxAttempts: number;
  /** Back-off base: attempt n waits base × 2^(n-1). */
  retryBaseMs: number;
  callerId: string;
  maxConcurrent: number;
  serviceLevelSeconds: number;
  /** How long the citizen's (or operator's) phone rings (Originate Timeout). */
  ringTimeoutMs: number;
  /** How much later a call held back by the pace is tried again. */
  paceRetryMs: number;
  ariApp: string;
}

export interface EngineDeps {
  db: Db;
  jobs: Pick<Jobs, 'schedule'>;
  cti: Pick<CtiHandle, 'amis' | 'queueState' | 'directory'>;
  logger: Logger;
  s: OutboundSettings;
}

/** Extra time after the ring timeout before an attempt with no answer from the PBX counts as failed. */
const WATCH_MARGIN_MS = 60_000;

/**
 * The one place that decides when a citizen is called: a durable row per call, a job at the next
 * allowed moment (window, holiday, daily limit), the pace (concurrency cap, inbound callers waiting
 * beyond the service level), the AMI Originate, and the outcome with retries and back-off.
 */
export class OutboundEngine implements OutboundHandle {
  private readonly listeners: Array<(r: OutboundResult) => void | Promise<void>> = [];
  readonly windows: CallingWindows;

  constructor(private readonly d: EngineDeps) {
    this.windows = d.s.windows;
  }

  onResult(fn: (r: OutboundResult) => void | Promise<void>): void {
    this.listeners.push(fn);
  }

  async nextAllowed(phone: string, from: Date = new Date()): Promise<Date | null> {
    const e164 = normalizePhone(phone) ?? phone;
    const counts = await repo.dailyCounts(this.d.db, e164, localDate(from.getTime(), this.windows.timeZone));
    const at = nextWindowOpening(this.windows, from.getTime(), (date) => counts.get(date) ?? 0);
    return at === null ? null : new Date(at);
  }

  async enqueue(r: OutboundRequest): Promise<{ id: string; at: string }> {
    const req = this.checked(r);
    const from = new Date(Math.max(Date.now(), r.notBefore?.getTime() ?? 0));
    const at = await this.nextAllowed(req.phone, from);
    if (!at) throw conflict('NO_CALLING_WINDOW', 'There is no calling window for this number in the coming year');
    const id = await repo.insertCall(this.d.db, req, req.maxAttempts, at);
    await this.plan(id, at);
    return { id, at: at.toISOString() };
  }

  /** One attempt, never retried by the engine: the operator who pressed "call" decides what comes next. */
  async dialNow(r: OutboundRequest): Promise<{ id: string }> {
    const req = { ...this.checked(r), maxAttempts: 1 };
    const now = new Date();
    const at = await this.nextAllowed(req.phone, now);
    if (!at || at.getTime() > now.getTime() + 1000) throw this.notNow(at);
    if (!this.pbxUp(req))
      throw new AppError('PBX_DOWN', 503, 'The phone system is not connected right now; try again shortly');
    const id = await repo.insertCall(this.d.db, req, req.maxAttempts, now);
    const claimed = await this.claim(id, null, null);
    if (claimed === 'daily-limit') {
      await repo.cancelCall(this.d.db, id);
      throw this.notNow(await this.nextAllowed(req.phone, now));
    }
    if (typeof claimed === 'string') throw new AppError('OUTBOUND_REFUSED', 409, 'The call could not be placed');
    const sent = await this.originate(claimed);
    if (!sent) throw new AppError('PBX_DOWN', 503, 'The phone system is not connected right now; try again shortly');
    return { id };
  }

  async cancel(id: string): Promise<void> {
    await repo.cancelCall(this.d.db, id);
  }

  inFlight(): Promise<number> {
    return repo.countDialling(this.d.db);
  }

  /** The 'outbound-dial' job: the call's planned moment has come. */
  async run(id: string, plannedAt: number): Promise<void> {
    const row = await repo.findCall(this.d.db, id);
    if (!row || row.status !== 'queued' || row.nextAt?.getTime() !== plannedAt) return;
    const now = Date.now();
    const allowed = await this.nextAllowed(row.phone, new Date(now));
    if (!allowed) return void (await this.giveUpUnplaced(row));
    if (allowed.getTime() > now + 1000) return this.replan(row.id, allowed);
    // Held back, not an attempt: inbound callers beyond the service level, or the PBX link down.
    if (this.inboundWaitingTooLong(now) || !this.pbxUp(row))
      return this.replan(row.id, new Date(now + this.d.s.paceRetryMs));
    const claimed = await this.claim(id, new Date(plannedAt), this.d.s.maxConcurrent);
    if (claimed === 'gone') return;
    if (claimed === 'busy-lines') return this.replan(row.id, new Date(now + this.d.s.paceRetryMs));
    if (claimed === 'daily-limit') {
      const next = await this.nextAllowed(row.phone, new Date(now));
      return next ? this.replan(row.id, next) : void (await this.giveUpUnplaced(row));
    }
    await this.originate(claimed);
  }

  async targetKind(id: string): Promise<'stasis' | 'operator' | null> {
    return (await repo.findCall(this.d.db, id))?.target.kind ?? null;
  }

  /** The operator's phone is up (operator-first): remember its channel; the citizen's leg decides the outcome. */
  async attach(id: string, attempt: number, ch: { channel: string | null; linkedid: string | null }): Promise<void> {
    await repo.attachChannel(this.d.db, id, attempt, ch.channel, ch.linkedid);
  }

  /** Ends an attempt (OriginateResponse, DialEnd or the watchdog), plans the retry, tells the listeners. */
  async finish(
    id: string,
    attempt: number,
    outcome: OutboundOutcome,
    extra: { reason: string | null; channel?: string | null; linkedid?: string | null },
  ): Promise<void> {
    const row = await repo.findCall(this.d.db, id);
    if (!row || row.status !== 'dialling' || row.attempts !== attempt) return;
    let nextAt: Date | null = null;
    if (outcome !== 'answered' && attempt < row.maxAttempts) {
      nextAt = await this.nextAllowed(row.phone, new Date(Date.now() + retryDelayMs(this.d.s.retryBaseMs, attempt)));
    }
    const status: OutboundStatus =
      outcome === 'answered' ? 'answered' : nextAt ? 'queued' : row.maxAttempts > 1 ? 'gave-up' : outcome;
    const ended = await repo.endAttempt(this.d.db, {
      id,
      attempt,
      outcome,
      reason: extra.reason,
      status,
      nextAt,
      channel: extra.channel ?? null,
      linkedid: extra.linkedid ?? null,
    });
    if (!ended) return; // another node (or the watchdog) ended it first
    if (nextAt) await this.plan(id, nextAt);
    this.d.logger.info({ id, attempt, outcome, reason: extra.reason, status }, 'outbound attempt ended');
    await this.emit(ended, outcome, nextAt === null, extra.reason);
  }

  private checked(r: OutboundRequest): OutboundRequest & { maxAttempts: number } {
    const phone = normalizePhone(r.phone);
    if (!phone) throw validationError(`"${r.phone}" is not a phone number that can be called`);
    const maxAttempts = r.maxAttempts ?? this.d.s.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw validationError('maxAttempts must be 1 or more');
    if (r.target.kind === 'operator' && !this.d.cti.directory.byId(r.target.operatorId))
      throw validationError(`Operator ${r.target.operatorId} is not known`);
    return { ...r, phone, maxAttempts };
  }

  private notNow(at: Date | null): AppError {
    const when = at ? at.toISOString() : null;
    return new AppError(
      'OUTSIDE_CALLING_WINDOW',
      409,
      when
        ? `This number may not be called now (calling hours, holiday or daily limit); next allowed at ${when}`
        : 'This number may not be called: there is no calling window',
      { nextAllowed: when },
    );
  }

  private inboundWaitingTooLong(now: number): boolean {
    const limit = this.d.s.serviceLevelSeconds * 1000;
    for (const q of this.d.cti.queueState.snapshot())
      for (const w of q.waiting) if (now - Date.parse(w.waitingSince) > limit) return true;
    return false;
  }

  private async plan(id: string, at: Date): Promise<void> {
    const ms = at.getTime();
    await this.d.jobs.schedule('outbound-dial', { id, at: ms }, { delayMs: ms - Date.now(), jobId: dialJobId(id, ms) });
  }

  private async replan(id: string, at: Date): Promise<void> {
    if (await repo.reschedule(this.d.db, id, at)) await this.plan(id, at);
  }

  private async giveUpUnplaced(row: OutboundRow): Promise<void> {
    await repo.cancelCall(this.d.db, row.id);
    this.d.logger.warn({ id: row.id }, 'outbound call dropped: no calling window left for the number');
  }

  private pbxUp(row: Pick<OutboundRow, 'target'>): boolean {
    const where = this.serverFor(row);
    return where !== null && this.d.cti.amis.get(where.serverId)?.connected === true;
  }

  private serverFor(row: Pick<OutboundRow, 'target'>): { serverId: string; iface: string | null } | null {
    if (row.target.kind === 'operator') {
      const op = this.d.cti.directory.byId(row.target.operatorId);
      return op ? { serverId: op.serverId, iface: op.interface } : null;
    }
    const first = this.d.cti.amis.keys().next();
    return first.done ? null : { serverId: first.value, iface: null };
  }

  private async claim(id: string, plannedAt: Date | null, maxConcurrent: number | null) {
    const row = await repo.findCall(this.d.db, id);
    const where = row ? this.serverFor(row) : null;
    const ami = where ? this.d.cti.amis.get(where.serverId) : undefined;
    if (!row || !where || !ami) return 'gone' as const;
    return repo.claimAttempt(this.d.db, {
      id,
      plannedAt,
      localDate: localDate(Date.now(), this.windows.timeZone),
      dailyLimit: this.windows.dailyLimitPerNumber,
      maxConcurrent,
      serverId: where.serverId,
      actionId: ami.newActionId(),
      channelId: channelIdOf(id, row.attempts + 1),
    });
  }

  /** Sends the Originate of a claimed attempt; a refusal or a PBX that is down is a failed attempt. */
  private async originate(row: OutboundRow): Promise<boolean> {
    const ami = this.d.cti.amis.get(row.serverId ?? '');
    const channelId = channelIdOf(row.id, row.attempts);
    const input: OriginateInput = {
      callId: row.id,
      phone: row.phone,
      target: row.target,
      operatorInterface: this.serverFor(row)?.iface ?? null,
      ariApp: this.d.s.ariApp,
      callerId: this.d.s.callerId,
      channelId,
      timeoutMs: this.d.s.ringTimeoutMs,
    };
    const watchDelay = this.d.s.ringTimeoutMs + WATCH_MARGIN_MS;
    await this.d.jobs.schedule(
      'outbound-watch',
      { id: row.id, attempt: row.attempts },
      { delayMs: watchDelay, jobId: watchJobId(row.id, row.attempts) },
    );
    try {
      if (!ami) throw new Error(`no AMI for server ${row.serverId}`);
      await ami.action('Originate', originateFields(input), { actionId: row.actionId ?? undefined });
      return true;
    } catch (err) {
      this.d.logger.warn({ id: row.id, err: (err as Error).message }, 'outbound Originate refused');
      await this.finish(row.id, row.attempts, 'failed', { reason: `originate: ${(err as Error).message}` });
      return false;
    }
  }

  private async emit(row: OutboundRow, outcome: OutboundOutcome, final: boolean, reason: string | null): Promise<void> {
    const r: OutboundResult = {
      id: row.id,
      purpose: row.purpose,
      requestId: row.requestId,
      callbackId: row.callbackId,
      phone: row.phone,
      attempt: row.attempts,
      outcome,
      final,
      channel: row.channel,
      linkedid: row.linkedid,
      reason,
    };
    for (const fn of this.listeners) {
      try {
        await fn(r);
      } catch (err) {
        this.d.logger.error({ id: row.id, err: (err as Error).message }, 'outbound result listener failed');
      }
    }
  }
}
