import type { CallRecorder, CtiBus, LiveCall, OperatorDirectory, OperatorService } from '../cti/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import type { OutboundHandle, OutboundResult } from '../outbound/index.ts';
import { listCitizenRequests } from '../requests/index.ts';
import { AppError, conflict, formatPhoneNational, normalizePhone, notFound, type Logger } from '../shared/index.ts';
import * as repo from './callback-repository.ts';
import type {
  CallbackItem,
  CallbackOffer,
  CallbackOutcome,
  CallbackStatus,
  CallbackWithdrawn,
} from './callback-types.ts';

export interface CallbackServiceDeps {
  db: Db;
  bus: CtiBus;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  operators: OperatorService;
  outbound: OutboundHandle;
  logger: Logger;
  /** A caller who waited less than this and hung up gets no callback. */
  minWaitSeconds: number;
  /** Dials per callback before it is given up. */
  maxAttempts: number;
  /** Back-off base between dials (doubles each attempt), then the next calling window. */
  retryMinutes: number; /** Whether this node owns the PBX (only its picture of who is ready is live; default: yes). */
  owner?: () => boolean;
}

type OfferListener = (operatorId: string, offer: CallbackOffer) => void;
type WithdrawnListener = (operatorId: string, w: CallbackWithdrawn) => void;

/** Operator states that cannot hold an offer: it goes back to the pool for the next ready operator. */
const BUSY_STATES = new Set(['ringing', 'talking', 'paused', 'logged-out', 'wrap-up']);
const PAST_CALLS = 10;

export const withPhoneDisplay = (c: repo.StoredCallback): CallbackItem => ({
  ...c,
  phoneDisplay: formatPhoneNational(c.phone),
});

/**
 * Callbacks owed to citizens who hung up while waiting: entries from the CTI bus (one per number,
 * merged), closed by a later answered call, offered one at a time to ready operators (the oldest
 * first), dialled through the outbound engine (operator's phone first), outcome from the operator,
 * retried within the calling windows. Claims are conditional updates, so two app instances never
 * offer the same entry twice.
 */
export class CallbackService {
  private readonly offerListeners: OfferListener[] = [];
  private readonly withdrawnListeners: WithdrawnListener[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly d: CallbackServiceDeps) {
    d.bus.on('call:ended', (c) => void this.callEnded(c).catch((err) => this.fail(err, 'callback from call failed')));
    d.bus.on('operator:changed', (id, s) => {
      if (s.state === 'ready') this.offerRound();
      else if (BUSY_STATES.has(s.state))
        void this.takeBack(id).catch((err) => this.fail(err, 'callback take-back failed'));
    });
    d.outbound.onResult((r) => this.lineResult(r));
  }

  onOffer(fn: OfferListener): void {
    this.offerListeners.push(fn);
  }

  onWithdrawn(fn: WithdrawnListener): void {
    this.withdrawnListeners.push(fn);
  }

  /** A caller in the phone menu asked to be called back: served in the order of their arrival. */
  async requestFromIvr(callerNum: string, arrivedAt: Date): Promise<string | null> {
    const phone = normalizePhone(callerNum);
    if (!phone) return null;
    const id = await repo.upsertCallback(this.d.db, {
      phone,
      source: 'ivr-offer',
      callId: null,
      at: new Date(),
      priorityAt: arrivedAt,
      waitSeconds: 0,
    });
    this.offerRound();
    return id;
  }

  /** The task this operator holds (offered or being dialled), for a desk that (re)connects. */
  async currentOffer(operatorId: string): Promise<CallbackOffer | null> {
    const [held] = await repo.listCallbacks(this.d.db, { status: 'offered', operatorId, limit: 1 });
    const [dialling] = held
      ? [held]
      : await repo.listCallbacks(this.d.db, { status: 'dialling', operatorId, limit: 1 });
    if (!dialling) return null;
    return this.compose(dialling, operatorId, 'callback-offer-resync');
  }

  /** The holder pressed "Call": the operator's phone rings first, then the citizen is dialled. */
  async dial(id: string, operatorId: string): Promise<{ id: string; outboundId: string }> {
    const cb = await repo.getCallback(this.d.db, id);
    if (!cb) throw notFound('The callback');
    if (cb.status !== 'offered' || cb.offeredTo !== operatorId)
      throw conflict('CALLBACK_NOT_OFFERED', 'This callback is not offered to you now');
    if (!(await repo.startDialling(this.d.db, id, operatorId)))
      throw conflict('CALLBACK_NOT_OFFERED', 'This callback is not offered to you now');
    try {
      const r = await this.d.outbound.dialNow({
        purpose: 'callback',
        phone: cb.phone,
        callbackId: id,
        target: { kind: 'operator', operatorId },
        maxAttempts: 1,
      });
      await repo.markDialled(this.d.db, id, operatorId, r.id);
      return { id, outboundId: r.id };
    } catch (err) {
      await this.dialFailed(cb, operatorId, err);
      throw err;
    }
  }

  /** The operator's word on the dial: reached / wrong number close it; no answer / busy retry later. */
  async recordOutcome(
    id: string,
    by: { operatorId: string | null; anyTask: boolean },
    outcome: CallbackOutcome,
    note: string | null,
  ): Promise<CallbackItem> {
    const cb = await repo.getCallback(this.d.db, id);
    if (!cb) throw notFound('The callback');
    if (!by.anyTask && cb.offeredTo !== by.operatorId)
      throw conflict('CALLBACK_NOT_YOURS', 'This callback is not yours');
    if (cb.status !== 'dialling') throw conflict('CALLBACK_NOT_DIALLED', 'Press "Call" before recording an outcome');
    let status: CallbackStatus =
      outcome === 'reached' ? 'reached' : outcome === 'wrong-number' ? 'wrong-number' : 'open';
    let nextAt: Date | null = null;
    if (status === 'open') {
      const backoff = this.d.retryMinutes * 60_000 * 2 ** Math.max(0, cb.attempts - 1);
      nextAt =
        cb.attempts >= this.d.maxAttempts
          ? null
          : await this.d.outbound.nextAllowed(cb.phone, new Date(Date.now() + backoff));
      if (!nextAt) status = 'gave-up';
    }
    await repo.recordOutcome(this.d.db, id, { outcome, note, status, nextAt });
    if (nextAt) this.offerAt(nextAt);
    if (cb.offeredTo) this.emitWithdrawn(cb.offeredTo, { id, reason: 'closed' });
    this.offerRound();
    return withPhoneDisplay((await repo.getCallback(this.d.db, id))!);
  }

  /** Offer due entries to ready operators without one; runs one round at a time on this instance. */
  offerRound(): void {
    // A standby node's operators never change state: the owner's rounds (and sweeps) offer.
    if (this.d.owner && !this.d.owner()) return;
    this.chain = this.chain.then(() => this.round()).catch((err) => this.fail(err, 'callback offer round failed'));
  }

  /** A retry coming due soon is offered on time; later ones are found by the install's sweep. */
  private offerAt(at: Date): void {
    const ms = at.getTime() - Date.now();
    if (ms > 10 * 60_000) return;
    setTimeout(() => this.offerRound(), Math.max(0, ms) + 50).unref();
  }

  /** Waits for the offer rounds queued so far (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  private async round(): Promise<void> {
    const all = this.d.operators.all();
    // Offers held by operators who are no longer ready (an event missed, another instance's offer).
    for (const cb of await repo.listCallbacks(this.d.db, { status: 'offered', limit: 200 })) {
      const op = all.find((x) => x.operator.id === cb.offeredTo);
      if (!op || op.state.state !== 'ready') await this.takeBack(cb.offeredTo!);
    }
    // The operator ready longest is "the next ready operator".
    const ready = all
      .filter((x) => x.state.state === 'ready')
      .sort((a, b) => a.state.since.localeCompare(b.state.since));
    for (const { operator } of ready) {
      if (await repo.heldBy(this.d.db, operator.id)) continue;
      const id = await repo.claimOldest(this.d.db, operator.id);
      if (!id) return;
      const cb = await repo.getCallback(this.d.db, id);
      if (!cb) continue;
      const offer = await this.compose(cb, operator.id, 'callback-offer');
      for (const fn of this.offerListeners) fn(operator.id, offer);
    }
  }

  /** The callback with the number's history; the view is audited before it leaves. */
  private async compose(cb: repo.StoredCallback, operatorId: string, action: string): Promise<CallbackOffer> {
    const [calls, requests, attempts] = await Promise.all([
      repo.pastCallsOfPhone(this.d.db, cb.phone, PAST_CALLS),
      cb.citizenId ? listCitizenRequests(this.d.db, cb.citizenId) : Promise.resolve([]),
      repo.attemptsOf(this.d.db, cb.id),
    ]);
    const userId = this.d.directory.byId(operatorId)?.userId ?? null;
    await recordAudit(this.d.db, userId, action, cb.citizenId ? `citizen:${cb.citizenId}` : `callback:${cb.id}`, {
      callbackId: cb.id,
    });
    return { callback: withPhoneDisplay(cb), history: { calls, requests, attempts } };
  }

  private async takeBack(operatorId: string): Promise<void> {
    const id = await repo.heldBy(this.d.db, operatorId);
    if (!id || !(await repo.release(this.d.db, id))) return;
    this.emitWithdrawn(operatorId, { id, reason: 'not-ready' });
    this.offerRound();
  }

  private async callEnded(c: LiveCall): Promise<void> {
    const phone = normalizePhone(c.callerNum);
    if (!phone) return; // hidden numbers cannot be called back
    if (c.answeredAt) {
      for (const x of await repo.closeAnsweredLater(this.d.db, phone))
        if (x.offeredTo) this.emitWithdrawn(x.offeredTo, { id: x.id, reason: 'answered-later' });
      return;
    }
    if (c.endReason !== 'abandoned' || (c.waitSeconds ?? 0) < this.d.minWaitSeconds) return;
    const callId = (await this.d.recorder.idOf(c.key)) ?? null;
    await repo.upsertCallback(this.d.db, {
      phone,
      source: 'abandoned',
      callId,
      at: new Date(c.endedAt ?? Date.now()),
      priorityAt: new Date(c.queuedAt ?? c.enteredAt),
      waitSeconds: c.waitSeconds ?? 0,
    });
    this.offerRound();
  }

  private async dialFailed(cb: repo.StoredCallback, operatorId: string, err: unknown): Promise<void> {
    // Outside the calling window or over the day's limit: back to the pool until it may be called.
    if (err instanceof AppError && err.status === 409) {
      const next = await this.d.outbound.nextAllowed(cb.phone).catch(() => null);
      await repo.backToPool(this.d.db, cb.id, next);
      this.emitWithdrawn(operatorId, { id: cb.id, reason: 'outside-window' });
      this.offerRound();
    } else await repo.backToOffered(this.d.db, cb.id);
  }

  private async lineResult(r: OutboundResult): Promise<void> {
    if (r.purpose !== 'callback') return;
    await repo.recordLineOutcome(this.d.db, r.id, r.outcome).catch((err) => this.fail(err, 'callback line result'));
  }

  private emitWithdrawn(operatorId: string, w: CallbackWithdrawn): void {
    for (const fn of this.withdrawnListeners) fn(operatorId, w);
  }

  private fail(err: unknown, msg: string): void {
    this.d.logger.error({ err: (err as Error).message }, msg);
  }
}
