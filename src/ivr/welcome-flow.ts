import type { Logger } from '../shared/index.ts';
import { CallerHungUp, type ChannelSession } from './channel-session.ts';
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
    if (err instanceof CallerHungUp) return null;
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
    await s.play(PROMPTS.statusNext);
    if ((await s.readDigit(t(5000))) === '0') return 'hang-up';
    await s.play(PROMPTS.transferring);
    return 'queue';
  }
  await s.play([PROMPTS.requestNotFound, PROMPTS.transferring]);
  return 'queue';
}
