import type { Logger } from '../shared/index.ts';
import { CallerHungUp, SessionReleased, type ChannelSession } from './channel-session.ts';
import { speakJalaliDate } from './persian-speech.ts';
import { asMedia, PROMPTS } from './prompts.ts';

export interface WelcomeChoice {
  /** '1' new request, '2' status, '9' hazard, 'none' no valid input. */
  choice: '1' | '2' | '9' | 'none';
  hazard: boolean;
  /** The queue the dialplan is sent to; null when the caller ended the call in the IVR (status heard, 0 pressed). */
  queue: string | null;
  priority: number;
}

/** What option 2 reads back about a request. */
export interface StatusFacts {
  /** The request's id (for the reopen offer). */
  id?: string;
  status: string;
  deadlineAt: string | null;
}

export interface WelcomeDeps {
  logger: Logger;
  timeScale: number;
  queues: { normal: string; hazard: string };
  /** The request behind a typed tracking code, or null when there is none. */
  findRequest: (trackingCode: string) => Promise<StatusFacts | null>;
  /** A repeat caller with an open hazard request goes first. */
  hasOpenHazard: () => Promise<boolean>;
  /** The centre's time zone: the deadline is said as a Jalali date there. */
  timeZone: string;
  /** "Not fixed" (3) on a request reported done: sent to special follow-up. Absent: not offered. */
  reopen?: (requestId: string) => Promise<unknown>;
  /** When the wait ahead is long: "press 1 to be called back, keeping your place". Absent: never offered. */
  callbackOffer?: CallbackOffer;
}

export interface CallbackOffer {
  /** Offered from this estimated wait (seconds) on. */
  fromSeconds: number;
  /** Estimated wait in the queue the caller is about to join. */
  estimatedWaitSeconds: (queue: string) => number;
  /** Books the callback, served in the order of this call's arrival. */
  book: () => Promise<unknown>;
}

// Once the unit has done the work the deadline no longer matters to the caller.
const DEADLINE_IRRELEVANT = new Set(['done', 'feedback-positive', 'feedback-negative', 'closed']);

/** Media for option 2: "your request is <status>; it is due by <day> <month> <year>" (Jalali, in words). */
export function statusReadBack(r: StatusFacts, timeZone: string): string[] {
  const out: string[] = [PROMPTS.statusIs, `${PROMPTS.statusPrefix}${r.status}`];
  if (r.deadlineAt && !DEADLINE_IRRELEVANT.has(r.status)) {
    out.push(PROMPTS.deadlineIs, ...asMedia(speakJalaliDate(new Date(r.deadlineAt), { timeZone })));
  }
  return out;
}

/**
 * Stasis(cti137,welcome): greeting, then 1 new request, 2 status by tracking code, 9 hazard.
 * No or wrong input: the menu once more, then the queue anyway — a caller is never dropped.
 * The choice is handed back to the dialplan as CTI_QUEUE / QUEUE_PRIO channel variables.
 */
export async function runWelcome(s: ChannelSession, d: WelcomeDeps): Promise<WelcomeChoice | null> {
  const t = (ms: number) => ms * d.timeScale;
  try {
    await s.ari.answer(s.channelId);
    await s.play([PROMPTS.welcome, PROMPTS.menu]);
    let choice: WelcomeChoice['choice'] = 'none';
    for (let attempt = 0; attempt < 2 && choice === 'none'; attempt++) {
      if (attempt > 0) await s.play([PROMPTS.invalidOrNoInput, PROMPTS.menu]);
      const digit = await s.readDigit(t(5000));
      if (digit === '1' || digit === '2' || digit === '9') choice = digit;
    }
    if (choice === '2' && (await statusBranch(s, d)) === 'hang-up') {
      await s.play(PROMPTS.goodbye, { interruptible: false });
      await s.ari.hangup(s.channelId).catch(() => undefined);
      return { choice, hazard: false, queue: null, priority: 0 };
    }
    const hazard = choice === '9' || (await d.hasOpenHazard().catch(() => false));
    if (!hazard && (await offerCallback(s, d, d.queues.normal))) {
      await s.ari.hangup(s.channelId).catch(() => undefined);
      return { choice, hazard, queue: null, priority: 0 };
    }
    const result: WelcomeChoice = {
      choice,
      hazard,
      queue: choice === '9' ? d.queues.hazard : d.queues.normal,
      priority: hazard ? 10 : 0,
    };
    await s.ari.setVariable(s.channelId, 'CTI_QUEUE', result.queue!);
    if (result.priority) await s.ari.setVariable(s.channelId, 'QUEUE_PRIO', String(result.priority));
    await s.ari.continueInDialplan(s.channelId);
    return result;
  } catch (err) {
    // Released: the node taking over starts the menu again (welcome-resume.ts).
    if (err instanceof CallerHungUp || err instanceof SessionReleased || s.released) return null;
    // Whatever went wrong in the IVR, the caller still reaches an operator.
    d.logger.error(
      { err: (err as Error).message, channel: s.channelId },
      'welcome IVR failed; sending the caller to the queue',
    );
    await s.ari.continueInDialplan(s.channelId).catch(() => undefined);
    return null;
  }
}

/**
 * Option 2: the tracking code (two tries), the read-back, then the offer: stay on the line for an
 * operator, or 0 to end the call. A caller who found nothing or says nothing goes to the queue.
 */
async function statusBranch(s: ChannelSession, d: WelcomeDeps): Promise<'queue' | 'hang-up'> {
  const t = (ms: number) => ms * d.timeScale;
  for (let attempt = 0; attempt < 2; attempt++) {
    await s.play(attempt === 0 ? PROMPTS.enterTrackingCode : [PROMPTS.requestNotFound, PROMPTS.enterTrackingCode]);
    const code = await s.readDigits(12, t(8000), t(3000));
    const found = code ? await d.findRequest(code) : null;
    if (!found) continue;
    // Keys pressed while the code was typed must not answer the offer that follows.
    s.clearDigits();
    await s.play(statusReadBack(found, d.timeZone), { interruptible: false });
    // Only a request the unit reported done can be sent back; a closed one is registered anew.
    const reopenable = found.status === 'done' && found.id !== undefined && d.reopen !== undefined;
    await s.play(reopenable ? PROMPTS.statusNextReopen : PROMPTS.statusNext);
    const key = await s.readDigit(t(5000));
    if (key === '0') return 'hang-up';
    if (key === '3' && reopenable) {
      await d.reopen!(found.id!);
      await s.play(PROMPTS.feedbackFollowUp, { interruptible: false });
      return 'hang-up';
    }
    await s.play(PROMPTS.transferring);
    return 'queue';
  }
  await s.play([PROMPTS.requestNotFound, PROMPTS.transferring]);
  return 'queue';
}

/**
 * A long wait ahead (never for a hazard): the caller may leave and be called back, served before
 * callers who arrive after them. True when booked (the caller heard the confirmation).
 */
async function offerCallback(s: ChannelSession, d: WelcomeDeps, queue: string): Promise<boolean> {
  const o = d.callbackOffer;
  if (!o || o.estimatedWaitSeconds(queue) < o.fromSeconds) return false;
  s.clearDigits();
  await s.play(PROMPTS.callbackOffer);
  if ((await s.readDigit(5000 * d.timeScale)) !== '1') return false;
  await o.book();
  await s.play(PROMPTS.callbackConfirmed, { interruptible: false });
  return true;
}
