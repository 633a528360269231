import type { Db } from '../db/index.ts';
import type { Logger } from '../shared/index.ts';
import {
  activeQuestions,
  finishResponse,
  NOTE_FLAGS,
  openResponse,
  type AnswerWriter,
  type SurveyQuestion,
} from '../survey/index.ts';
import { CallerHungUp, type ChannelSession } from './channel-session.ts';
import { PROMPTS } from './prompts.ts';

export interface SurveyContext {
  callId: string;
  operatorId: string | null;
  shift: { name: string; date: string };
  /** Why this survey may not be a fair rating (the survey's SUSPECT_FLAGS). */
  flags: string[];
}

export interface SurveyFlowDeps {
  db: Db;
  /** Durable answer writes, shared by every caller in a survey. */
  answers: AnswerWriter;
  logger: Logger;
  /** Scales waits in tests. */
  timeScale: number;
}

/**
 * The post-call survey: each question asked with one re-prompt on silence or a wrong key; each
 * answer stored before the next question is played, so a caller who hangs up half-way keeps what
 * they said (the response is then `partial`).
 */
export async function runSurvey(
  s: ChannelSession,
  ctx: SurveyContext,
  d: SurveyFlowDeps,
): Promise<'complete' | 'partial' | 'no-answer'> {
  const questions = await activeQuestions(d.db);
  const resp = await openResponse(d.db, {
    callId: ctx.callId,
    operatorId: ctx.operatorId,
    shiftName: ctx.shift.name,
    shiftDate: ctx.shift.date,
    flags: ctx.flags,
  });
  let answered = resp.answered.length;
  let status: 'complete' | 'partial' | 'no-answer' = 'no-answer';
  let finished = false;
  // Keys pressed in the welcome menu or during the call are not survey answers.
  s.clearDigits();
  try {
    await s.play(PROMPTS.surveyIntro, { interruptible: false });
    for (const q of questions) {
      if (resp.answered.includes(q.id)) continue;
      const value = await ask(s, q, d.timeScale);
      if (value === null) continue;
      await d.answers.save(resp.id, q.id, value.digit, value.value);
      answered++;
    }
    status = answered === 0 ? 'no-answer' : answered >= questions.length ? 'complete' : 'partial';
    await finishResponse(d.db, resp.id, status, notes(s));
    finished = true;
    await s.play(PROMPTS.thankYou, { interruptible: false });
    await s.ari.hangup(s.channelId).catch(() => undefined);
  } catch (err) {
    // Hanging up during the thank-you is normal: the response is already final.
    if (finished) return status;
    status = answered === 0 ? 'no-answer' : 'partial';
    await finishResponse(d.db, resp.id, status, [
      ...notes(s),
      err instanceof CallerHungUp ? NOTE_FLAGS.callerLeft : NOTE_FLAGS.ivrError,
    ]);
    if (!(err instanceof CallerHungUp)) {
      d.logger.error({ err: (err as Error).message, callId: ctx.callId }, 'survey failed; answers so far are kept');
      await s.ari.hangup(s.channelId).catch(() => undefined);
    }
  }
  return status;
}

/** A survey that lived through an ARI reconnect may have lost a key press: say so on the response. */
const notes = (s: ChannelSession): string[] => (s.reconnects > 0 ? [NOTE_FLAGS.ariReconnected] : []);

async function ask(
  s: ChannelSession,
  q: SurveyQuestion,
  scale: number,
): Promise<{ digit: string; value: number } | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const prompt = `sound:${q.prompt}`;
    await s.play(attempt === 0 ? prompt : [PROMPTS.invalidOrNoInput, prompt]);
    const digit = await s.readDigit(q.timeoutMs * scale);
    if (digit !== null && q.validDigits.includes(digit)) {
      const value = Number(digit);
      if (value >= q.minValue && value <= q.maxValue) return { digit, value };
    }
  }
  return null;
}
