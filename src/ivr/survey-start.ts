import type { AriChannel } from '../asterisk/ari/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import {
  findCallByLinkedid,
  type CallRecorder,
  type CallTracker,
  type LiveCall,
  type OperatorDirectory,
  type StoredCallFacts,
} from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import { responseOfCall, surveyFlags, type SurveyCallFacts } from '../survey/index.ts';
import type { IvrAri } from './channel-session.ts';
import type { SurveyContext } from './survey-flow.ts';

export interface SurveyStartDeps {
  serverId: string;
  ari: IvrAri;
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  /** The shift a rating belongs to: the one in which the call entered the queue. */
  calendar: ShiftCalendar;
  shortCallSeconds: number;
  /** How long to wait for AMI's AgentComplete when ARI's StasisStart overtook it (real ms). */
  agentCompleteWaitMs?: number;
}

/**
 * Who is rated, and whether the rating can be trusted. The operator credited is the one who talked
 * with the caller last as the CTI core saw it (AgentConnect/AgentComplete, so after transfers the
 * last one), not the Stasis argument alone, which anyone able to transfer a call could choose.
 * Returns null for a channel that is no call of ours (nothing to rate).
 */
export async function surveyContext(d: SurveyStartDeps, ch: AriChannel, args: string[]): Promise<SurveyContext | null> {
  const call = await settledCall(d, ch.id);
  let callId = call ? await d.recorder.idOf(call.key)?.catch(() => undefined) : undefined;
  let row: StoredCallFacts | undefined;
  if (!callId || !call) {
    row = (await findCallByLinkedid(d.db, d.serverId, ch.id)) ?? undefined;
    callId ??= row?.id;
  }
  if (!callId) return null;
  const facts: SurveyCallFacts = call
    ? { endReason: call.endReason, memberInterface: call.memberInterface, fromRecord: false }
    : { endReason: row?.endReason ?? null, memberInterface: row?.memberInterface ?? null, fromRecord: true };
  const memberInterfaceArg = args[1] ?? '';
  const op = d.directory.byInterface(facts.memberInterface ?? memberInterfaceArg, d.serverId);
  // Queue() sets ANSWEREDTIME on the caller for the leg that just ended: the talk time of the
  // operator being rated, not of the whole call (a transferred call had two operators).
  const answered = await d.ari.getVariable(ch.id, 'ANSWEREDTIME').catch(() => null);
  const answeredSeconds = answered !== null && /^\d+$/.test(answered) ? Number(answered) : (call?.talkSeconds ?? null);
  return {
    callId,
    operatorId: op?.id ?? null,
    shift: d.calendar.shiftAt(call?.queuedAt ?? call?.enteredAt ?? row?.enteredMs ?? Date.now()),
    flags: surveyFlags({
      facts,
      memberInterfaceArg,
      answeredSeconds,
      shortCallSeconds: d.shortCallSeconds,
      operatorKnown: op !== undefined,
    }),
  };
}

/**
 * A survey taken over from another node (it stopped or lost its PBX link mid-survey): the operator,
 * shift and flags its response already holds stand. That node saw the live call end; this one may
 * know it only from the call record, which would wrongly mark a fair rating unverified.
 */
export async function resumedSurveyContext(
  d: SurveyStartDeps,
  ch: AriChannel,
  args: string[],
): Promise<SurveyContext | null> {
  const row = await findCallByLinkedid(d.db, d.serverId, ch.id);
  const prior = row ? await responseOfCall(d.db, row.id) : null;
  if (!row || !prior) return surveyContext(d, ch, args);
  return {
    callId: row.id,
    operatorId: prior.operatorId,
    shift: { name: prior.shiftName, date: prior.shiftDate },
    flags: prior.flags,
  };
}

/**
 * AMI and ARI are two sockets: the caller's StasisStart can arrive before the AgentComplete that
 * sent them here. Wait briefly for the live call to leave the operator before judging it.
 */
async function settledCall(d: SurveyStartDeps, channelId: string): Promise<LiveCall | undefined> {
  const deadline = Date.now() + (d.agentCompleteWaitMs ?? 1500);
  for (;;) {
    const call = d.tracker.get(d.serverId, channelId);
    if (!call || call.phase === 'after-agent' || call.phase === 'ended' || Date.now() >= deadline) return call;
    await new Promise((r) => setTimeout(r, 10));
  }
}
