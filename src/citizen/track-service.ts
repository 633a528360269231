import type { Db } from '../db/index.ts';
import type { FeedbackHandle } from '../feedback/index.ts';
import { normalizeTrackingCode } from '../requests/index.ts';
import { AppError, notFound } from '../shared/index.ts';
import type { Challenge, Otps } from './otp-service.ts';
import { trackByCode, type TrackStep } from './track-repository.ts';

// Tracking and the feedback question on the page. Tracking shows nothing personal, so anyone with
// the code may read it (rate-limited per address by the routes). Answering "was it fixed?" moves the
// request, so only the holder of the request's own number may: the code goes to that number.

export interface TrackView {
  trackingCode: string;
  status: string;
  categoryFa: string;
  categoryEn: string;
  unitFa: string | null;
  unitEn: string | null;
  createdAt: string;
  deadlineAt: string | null;
  closedAt: string | null;
  /** What the citizen last said about the work (null: not asked or not answered yet). */
  outcome: 'resolved' | 'not-resolved' | null;
  /** Done and waiting for the citizen's word: the page offers the question. */
  feedbackOpen: boolean;
  steps: TrackStep[];
}

export type FeedbackOutcome = { outcome: 'feedback'; effect: string; trackingCode: string };

const badCode = (raw: string) =>
  new AppError('INVALID_TRACKING_CODE', 400, `"${raw.slice(0, 20)}" is not a tracking code; check the digits`);

export function createTracking(d: { db: Db; feedback: FeedbackHandle; otps: Otps }) {
  const { db, feedback, otps } = d;

  async function find(raw: string) {
    const code = normalizeTrackingCode(raw);
    if (!code) throw badCode(raw);
    const row = await trackByCode(db, code);
    if (!row) throw notFound('A request with this tracking code');
    return row;
  }

  async function track(raw: string): Promise<TrackView> {
    const r = await find(raw);
    const answers = r.steps.filter((s) => s.kind === 'feedback' && s.answer);
    const last = answers[answers.length - 1]?.answer;
    return {
      ...{ trackingCode: r.trackingCode, status: r.status, categoryFa: r.categoryFa, categoryEn: r.categoryEn },
      ...{ unitFa: r.unitFa, unitEn: r.unitEn, createdAt: r.createdAt.toISOString() },
      deadlineAt: r.deadlineAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      outcome: last === 'resolved' || last === 'not-resolved' ? last : null,
      feedbackOpen: r.status === 'done',
      steps: r.steps,
    };
  }

  /** A code to the request's own number, to answer the question; nothing about the number is said. */
  async function startFeedback(raw: string): Promise<Challenge> {
    const r = await find(raw);
    if (r.status !== 'done')
      throw new AppError('FEEDBACK_NOT_OPEN', 409, 'This request is not waiting for your answer now');
    const facts = await feedback.callFacts(r.id);
    if (!facts?.phone)
      throw new AppError('FEEDBACK_NO_PHONE', 409, 'This request has no mobile number to send a code to; call 137');
    return otps.start('feedback', r.id, facts.phone);
  }

  /** After the code: the answer goes the way an IVR or SMS answer goes (src/feedback). */
  async function answer(requestId: string, resolved: boolean): Promise<FeedbackOutcome> {
    const facts = await feedback.callFacts(requestId);
    if (!facts) throw notFound('The request');
    if (facts.status !== 'done')
      throw new AppError('FEEDBACK_NOT_OPEN', 409, 'This request is not waiting for your answer now');
    const kind = await feedback.kindFor(requestId);
    const effect = await feedback.answer({ requestId, kind, via: 'web', resolved });
    return { outcome: 'feedback', effect, trackingCode: facts.trackingCode };
  }

  return { track, startFeedback, answer };
}

export type Tracking = ReturnType<typeof createTracking>;
