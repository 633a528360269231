import type { FeedbackHandle, FeedbackKind } from '../feedback/index.ts';
import type { Logger } from '../shared/index.ts';
import { CallerHungUp, type ChannelSession } from './channel-session.ts';
import { dbWait } from './db-wait.ts';
import { PROMPTS } from './prompts.ts';

// Stasis(cti137,feedback,<requestId>) and Stasis(cti137,closure,<requestId>): the outbound engine
// dialled the citizen and they answered. Read the tracking code and the category's group, ask
// "was it resolved? 1 yes, 2 no" (twice at most), then an optional 1–5 rating of the unit. The
// answer is stored before the closing words, so a citizen who hangs up during the rating keeps it.

export interface FeedbackFlowDeps {
  feedback: FeedbackHandle;
  logger: Logger;
  timeScale: number;
}

/** Category groups with a prompt (scripts/prompts.tsv `category-<code>`); an admin's new group is not said. */
const SPOKEN_GROUPS = new Set([
  'city-services',
  'green-space',
  'technical',
  'transport',
  'public-places',
  'beautification',
  'social',
  'oversight',
]);

const digitsOf = (code: string): string[] => [...code].map((d) => `sound:cti137/num-${d}`);

export function feedbackIntro(kind: FeedbackKind, trackingCode: string, group: string): string[] {
  const out = [PROMPTS.feedbackIntro, ...digitsOf(trackingCode)];
  if (SPOKEN_GROUPS.has(group)) out.push(PROMPTS.feedbackCategory, `${PROMPTS.categoryPrefix}${group}`);
  if (kind === 'closure') out.push(PROMPTS.closureIntro);
  return out;
}

async function askDigit(s: ChannelSession, prompt: string, valid: string[], timeoutMs: number): Promise<string | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    await s.play(attempt === 0 ? prompt : [PROMPTS.invalidOrNoInput, prompt]);
    const d = await s.readDigit(timeoutMs);
    if (d !== null && valid.includes(d)) return d;
  }
  return null;
}

export async function runFeedbackCall(
  s: ChannelSession,
  kind: FeedbackKind,
  requestId: string,
  d: FeedbackFlowDeps,
): Promise<'resolved' | 'not-resolved' | 'no-input' | 'skipped'> {
  const t = (ms: number) => ms * d.timeScale;
  // An originated call is already up; answering again is harmless where it is not refused.
  await s.ari.answer(s.channelId).catch(() => undefined);
  const facts = await dbWait(d.feedback.callFacts(requestId), 'feedback facts');
  if (!facts || facts.status !== 'done') {
    // Answered by hand or closed meanwhile: nothing to ask.
    d.logger.info({ request: requestId, status: facts?.status }, 'feedback call: nothing to ask any more');
    await s.play(PROMPTS.goodbye, { interruptible: false }).catch(() => undefined);
    await s.ari.hangup(s.channelId).catch(() => undefined);
    return 'skipped';
  }
  let resolved: boolean | null = null;
  let stored = false;
  try {
    s.clearDigits();
    await s.play(feedbackIntro(kind, facts.trackingCode, facts.categoryGroup), { interruptible: false });
    const yesNo = await askDigit(s, PROMPTS.feedbackResolved, ['1', '2'], t(6000));
    if (yesNo === null) {
      await dbWait(d.feedback.noInput(requestId, kind), 'feedback no input');
      await s.play(PROMPTS.goodbye, { interruptible: false });
      await s.ari.hangup(s.channelId).catch(() => undefined);
      return 'no-input';
    }
    resolved = yesNo === '1';
    const rate = await askDigit(s, PROMPTS.feedbackRate, ['1', '2', '3', '4', '5'], t(5000));
    const answer = { requestId, kind, via: 'ivr' as const, resolved, rating: rate === null ? null : Number(rate) };
    stored = true; // from here on a hang-up must not store it twice
    // Another node stored this call's answer first (the PBX changed hands meanwhile): theirs stands.
    const effect = await dbWait(d.feedback.answer(answer), 'feedback answer').catch((err: unknown) => {
      if ((err as { code?: string }).code === 'ALREADY_ANSWERED') return null;
      throw err;
    });
    const said = effect === null ? PROMPTS.goodbye : PROMPTS.feedbackClosed;
    await s.play(effect === 'special-follow-up' ? PROMPTS.feedbackFollowUp : said, { interruptible: false });
    await s.ari.hangup(s.channelId).catch(() => undefined);
    return answer.resolved ? 'resolved' : 'not-resolved';
  } catch (err) {
    if (!(err instanceof CallerHungUp)) throw err;
    if (stored) return resolved ? 'resolved' : 'not-resolved';
    // Hung up during the rating: the yes/no they gave still counts.
    if (resolved !== null) {
      await dbWait(d.feedback.answer({ requestId, kind, via: 'ivr', resolved }), 'feedback answer');
      return resolved ? 'resolved' : 'not-resolved';
    }
    await dbWait(d.feedback.noInput(requestId, kind), 'feedback no input');
    return 'no-input';
  }
}
