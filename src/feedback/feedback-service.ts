import type { Db } from '../db/index.ts';
import type { OutboundHandle, OutboundResult } from '../outbound/index.ts';
import { recordRequestEvent, type Actor, type RequestService } from '../requests/index.ts';
import { AppError, conflict, notFound, type Logger } from '../shared/index.ts';
import type { SmsHandle } from '../sms/index.ts';
import * as repo from './feedback-repository.ts';
import type { AnswerKind, AnswerVia, CallFacts, FeedbackKind, FeedbackTask } from './feedback-repository.ts';

// Asking the citizen: after a unit reports done, a feedback call (or, after a special follow-up, a
// closure check) is handed to the outbound engine, which keeps to the calling windows and retries.
// Their answer moves the request: resolved → feedback-positive → closed; not resolved →
// feedback-negative → special follow-up (requests re-refers it to the same unit, priority + 1).

export interface AnswerInput {
  requestId: string;
  kind: AnswerKind;
  via: AnswerVia;
  resolved: boolean;
  rating?: number | null | undefined;
  /** The staff member who took the answer by hand; the citizen's own answers have none. */
  actor?: Actor;
}

export type AnswerEffect = 'closed' | 'special-follow-up' | 'recorded';

export interface FeedbackService {
  /** A unit reported the request done: schedule the call after the delay (or ask otherwise). */
  afterDone(requestId: string): Promise<void>;
  onOutboundResult(r: OutboundResult): Promise<void>;
  callFacts(requestId: string): Promise<CallFacts | null>;
  answer(input: AnswerInput): Promise<AnswerEffect>;
  /** The citizen answered the call but pressed nothing usable: an operator asks by hand. */
  noInput(requestId: string, kind: FeedbackKind): Promise<void>;
  /** Which question a request is waiting for: a closure check once it has been in special follow-up. */
  kindFor(requestId: string): Promise<FeedbackKind>;
  tasks(limit: number): Promise<FeedbackTask[]>;
}

export interface FeedbackDeps {
  db: Db;
  logger: Logger;
  requests: RequestService;
  outbound: OutboundHandle;
  sms: SmsHandle;
  /** FEEDBACK_DELAY_HOURS in ms (tests shorten it). */
  delayMs: number;
}

/**
 * The citizen's own answer moves the request: no staff member did it, so the history names no user
 * (NULL, as for the office's escalation steps). 'operator' has exactly the life cycle's transitions.
 */
const CITIZEN: Actor = { userId: null as unknown as string, role: 'operator' };

async function otherwise(
  d: FeedbackDeps,
  f: CallFacts,
  callId: string | null,
  kind: FeedbackKind,
  reason: 'unreached' | 'no-phone',
) {
  if (d.sms.enabled && f.phone) {
    const sent = await d.sms.send({
      to: f.phone,
      template: 'feedback-question',
      params: { trackingCode: f.trackingCode, category: f.categoryFa },
      requestId: f.requestId,
    });
    if (sent)
      return d.logger.info({ request: f.requestId }, 'feedback: citizen not reached by phone; SMS question sent');
  }
  if (await repo.openTask(d.db, f.requestId, callId, kind, reason))
    d.logger.info({ request: f.requestId, reason }, 'feedback: task opened for an operator');
}

async function cancelPending(d: FeedbackDeps, requestId: string): Promise<void> {
  for (const id of await repo.cancelScheduled(d.db, requestId)) {
    await d.outbound
      .cancel(id)
      .catch((err: Error) => d.logger.warn({ err: err.message, id }, 'outbound cancel failed'));
  }
}

async function move(d: FeedbackDeps, requestId: string, resolved: boolean, actor: Actor): Promise<AnswerEffect> {
  const f = await repo.callFacts(d.db, requestId);
  // Staff may have closed it meanwhile: the answer is kept, the request is left as it is.
  if (f?.status !== 'done') return 'recorded';
  if (resolved) {
    await d.requests.changeStatus(requestId, { status: 'feedback-positive' }, actor);
    await d.requests.changeStatus(requestId, { status: 'closed' }, actor);
    return 'closed';
  }
  await d.requests.changeStatus(requestId, { status: 'feedback-negative' }, actor);
  await d.requests.changeStatus(requestId, { status: 'special-follow-up' }, actor);
  return 'special-follow-up';
}

/** A dialling attempt's outcome; the last one unanswered → SMS question or an operator's task. */
async function onOutboundResult(d: FeedbackDeps, r: OutboundResult): Promise<void> {
  if ((r.purpose !== 'feedback' && r.purpose !== 'closure-check') || !r.requestId) return;
  const kind: FeedbackKind = r.purpose === 'closure-check' ? 'closure' : 'feedback';
  const call = (await repo.callByOutboundId(d.db, r.id)) ?? (await repo.latestCall(d.db, r.requestId, kind));
  if (!call) return;
  await repo.recordAttempt(d.db, call, r.attempt, r.outcome);
  if (r.outcome === 'answered') return repo.endCall(d.db, call.id, 'answered');
  if (!r.final || call.state !== 'scheduled') return;
  await repo.endCall(d.db, call.id, 'unreached');
  const f = await repo.callFacts(d.db, call.requestId);
  if (f?.status === 'done') await otherwise(d, f, call.id, kind, 'unreached');
}

export function createFeedbackService(d: FeedbackDeps): FeedbackService {
  const { db, logger: log } = d;

  const service: FeedbackService = {
    async afterDone(requestId) {
      const f = await repo.callFacts(db, requestId);
      if (!f) return;
      const kind = await service.kindFor(requestId);
      await cancelPending(d, requestId);
      const due = new Date(Date.now() + d.delayMs);
      if (!f.phone) {
        const callId = await repo.insertCall(db, requestId, kind, due, 'no-phone');
        return otherwise(d, f, callId, kind, 'no-phone');
      }
      const callId = await repo.insertCall(db, requestId, kind, due, 'scheduled');
      const { id, at } = await d.outbound.enqueue({
        purpose: kind === 'closure' ? 'closure-check' : 'feedback',
        phone: f.phone,
        requestId,
        target: { kind: 'stasis', args: [kind, requestId] },
        notBefore: due,
      });
      await repo.setOutboundId(db, callId, id);
      log.info({ request: requestId, kind, outbound: id, at }, 'feedback: call scheduled');
    },

    onOutboundResult: (r) => onOutboundResult(d, r),

    callFacts: (requestId) => repo.callFacts(db, requestId),

    async answer(input) {
      const rating = input.rating ?? null;
      if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5))
        throw new AppError('VALIDATION', 400, 'rating is a whole number from 1 to 5');
      if (!(await repo.callFacts(db, input.requestId))) throw notFound('The request');
      const callKind: FeedbackKind = input.kind === 'closure' ? 'closure' : 'feedback';
      const call =
        input.via === 'ivr' && input.kind !== 'reopen' ? await repo.latestCall(db, input.requestId, callKind) : null;
      const userId = input.actor?.userId ?? null;
      const row = { requestId: input.requestId, callId: call?.id ?? null, kind: input.kind, via: input.via };
      const answerId = await repo.insertAnswer(db, { ...row, resolved: input.resolved, rating, userId });
      // Two nodes heard the same call (the PBX changed hands during the question): the first stands.
      if (!answerId) throw conflict('ALREADY_ANSWERED', 'This feedback call has its answer already');
      const attempt = call ? await repo.attemptsOf(db, call.id) : null;
      await recordRequestEvent(db, input.requestId, 'feedback', {
        answerId,
        kind: input.kind,
        via: input.via,
        attempt,
        answer: input.resolved ? 'resolved' : 'not-resolved',
        rating,
        ...(userId ? { userId } : {}),
      });
      if (call) await repo.endCall(db, call.id, 'answered');
      await repo.closeTasks(db, input.requestId, userId);
      // Said by hand or by pressing 3: the call still queued would ask what is already known.
      if (input.via !== 'ivr' || input.kind === 'reopen') await cancelPending(d, input.requestId);
      return move(d, input.requestId, input.resolved, input.actor ?? CITIZEN);
    },

    async noInput(requestId, kind) {
      const call = await repo.latestCall(db, requestId, kind);
      if (call) await repo.endCall(db, call.id, 'answered');
      if (await repo.openTask(db, requestId, call?.id ?? null, kind, 'no-input'))
        log.info({ request: requestId }, 'feedback: the citizen answered but gave no answer; task opened');
    },

    async kindFor(requestId) {
      return (await repo.hadSpecialFollowUp(db, requestId)) ? 'closure' : 'feedback';
    },

    tasks: (limit) => repo.openTasks(db, limit),
  };
  return service;
}
