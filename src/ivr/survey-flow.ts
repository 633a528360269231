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
import { CallerHungUp, SessionReleased, type ChannelSession } from './channel-session.ts';
import { dbWait } from './db-wait.ts';
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
  /**
   * Taken over from a node that stopped (or lost its ARI link) mid-survey: keys pressed in the gap
   * were lost, so the response is noted; a caller who already answered does not hear the intro again.
   */
  resumed?: boolean;
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
  // A database that does not answer ends the survey with a goodbye (stasis-app), never silence.
  const questions = await dbWait(activeQuestions(d.db), 'survey questions');
  const resp = await dbWait(
    openResponse(d.db, {
      callId: ctx.callId,
      operatorId: ctx.operatorId,
      shiftName: ctx.shift.name,
      shiftDate: ctx.shift.date,
      flags: ctx.flags,
    }),
    'survey response',
  );
  let answered = resp.answered.length;
  let status: 'complete' | 'partial' | 'no-answer' = 'no-answer';
  let finished = resp.finished;
  if (d.resumed) s.reconnects++;
  // Keys pressed in the welcome menu or during the call are not survey answers.
  s.clearDigits();
  try {
    if (finished) {
      // The old node stored the final status and was saying thank you: only that is left.
      status = answered === 0 ? 'no-answer' : answered >= questions.length ? 'complete' : 'partial';
      await s.play(PROMPTS.thankYou, { interruptible: false });
      await s.ari.hangup(s.channelId).catch(() => undefined);
      return status;
    }
    if (!d.resumed || answered === 0) await s.play(PROMPTS.surveyIntro, { interruptible: false });
    // Keys pressed during the intro (it cannot be interrupted) answer the first question only.
    let early: string[] | null = d.resumed && answered > 0 ? null : s.takeDigits();
    for (const q of questions) {
      if (resp.answered.includes(q.id)) continue;
      const value = (early && earlyAnswer(q, early)) || (await ask(s, q, d.timeScale, early === null));
      early = null;
      if (value === null) continue;
      // Past the wait the answer stays queued in the writer and lands once the database is back.
      await dbWait(d.answers.save(resp.id, q.id, value.digit, value.value), 'survey answer');
      answered++;
    }
    status = answered === 0 ? 'no-answer' : answered >= questions.length ? 'complete' : 'partial';
    await dbWait(finishResponse(d.db, resp.id, status, notes(s)), 'survey end');
    finished = true;
    await s.play(PROMPTS.thankYou, { interruptible: false });
    await s.ari.hangup(s.channelId).catch(() => undefined);
  } catch (err) {
    // Hanging up during the thank-you is normal: the response is already final.
    if (finished) return status;
    // Another node carries the survey on from the answers stored so far.
    if (err instanceof SessionReleased || s.released) throw err;
    status = answered === 0 ? 'no-answer' : 'partial';
    const flags = [...notes(s), err instanceof CallerHungUp ? NOTE_FLAGS.callerLeft : NOTE_FLAGS.ivrError];
    // With the database away this fails too; the answers already queued still mark it partial.
    await dbWait(finishResponse(d.db, resp.id, status, flags), 'survey end').catch((e: Error) =>
      d.logger.warn({ err: e.message, callId: ctx.callId }, 'survey response left open'),
    );
    if (!(err instanceof CallerHungUp)) {
      d.logger.error({ err: (err as Error).message, callId: ctx.callId }, 'survey failed; answers so far are kept');
      await s.play(PROMPTS.goodbye, { interruptible: false }).catch(() => undefined);
      await s.ari.hangup(s.channelId).catch(() => undefined);
    }
  }
  return status;
}

/** A survey that lived through an ARI reconnect may have lost a key press: say so on the response. */
const notes = (s: ChannelSession): string[] => (s.reconnects > 0 ? [NOTE_FLAGS.ariReconnected] : []);

type Answer = { digit: string; value: number };

function answerOf(q: SurveyQuestion, digit: string | null): Answer | null {
  if (digit === null || !q.validDigits.includes(digit)) return null;
  const value = Number(digit);
  return value >= q.minValue && value <= q.maxValue ? { digit, value } : null;
}

/**
 * A caller who keys during the intro means it for the operator: the first key valid for the first
 * question answers it. Other keys (*, #, 0, 9, a second rating) are dropped: a question the caller
 * has not heard is never answered, and a stray key does not count as a wrong answer.
 */
function earlyAnswer(q: SurveyQuestion, keys: string[]): Answer | null {
  for (const k of keys) {
    const a = answerOf(q, k);
    if (a) return a;
  }
  return null;
}

/**
 * Asks one question, once more on silence or a wrong key. `fresh`: keys typed before this prompt
 * began (during the previous question) are dropped, so they never answer a question not yet heard.
 */
async function ask(s: ChannelSession, q: SurveyQuestion, scale: number, fresh: boolean): Promise<Answer | null> {
  if (fresh) s.clearDigits();
  for (let attempt = 0; attempt < 2; attempt++) {
    const prompt = `sound:${q.prompt}`;
    await s.play(attempt === 0 ? prompt : [PROMPTS.invalidOrNoInput, prompt]);
    const answer = answerOf(q, await s.readDigit(q.timeoutMs * scale));
    if (answer) return answer;
  }
  return null;
}
