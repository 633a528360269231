import type { AriChannel } from '../asterisk/ari/ari-events.ts';
import type { CallRecorder } from '../cti/call-recorder.ts';
import type { CallTracker } from '../cti/call-tracker.ts';
import type { LiveCall } from '../cti/cti-events.ts';
import type { OperatorDirectory } from '../cti/operator-directory.ts';
import type { ShiftRef } from '../calendar/index.ts';
import type { Db } from '../db/pool.ts';
import { surveyFlags, type SurveyCallFacts } from '../survey/survey-flags.ts';
import type { IvrAri } from './channel-session.ts';
import type { SurveyContext } from './survey-flow.ts';

export interface SurveyStartDeps {
  serverId: string;
  ari: IvrAri;
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  directory: OperatorDirectory;
  shiftFor: (at: number) => ShiftRef;
  shortCallSeconds: number;
  /** How long to wait for AMI's AgentComplete when ARI's StasisStart overtook it (real ms). */
  agentCompleteWaitMs?: number;
}

interface CallRow {
  id: string;
  end_reason: string | null;
  member_interface: string | null;
  entered_ms: number;
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
  let row: CallRow | undefined;
  if (!callId || !call) {
    const r = await d.db.query<CallRow>(
      `SELECT id::text, end_reason, member_interface, (extract(epoch FROM entered_at) * 1000)::float8 AS entered_ms
         FROM calls WHERE server_id = $1 AND linkedid = $2`,
      [d.serverId, ch.id],
    );
    row = r.rows[0];
    callId ??= row?.id;
  }
  if (!callId) return null;
  const facts: SurveyCallFacts = call
    ? { endReason: call.endReason, memberInterface: call.memberInterface, fromRecord: false }
    : { endReason: row?.end_reason ?? null, memberInterface: row?.member_interface ?? null, fromRecord: true };
  const memberInterfaceArg = args[1] ?? '';
  const op = d.directory.byInterface(facts.memberInterface ?? memberInterfaceArg, d.serverId);
  // Queue() sets ANSWEREDTIME on the caller for the leg that just ended: the talk time of the
  // operator being rated, not of the whole call (a transferred call had two operators).
  const answered = await d.ari.getVariable(ch.id, 'ANSWEREDTIME').catch(() => null);
  const answeredSeconds = answered !== null && /^\d+$/.test(answered) ? Number(answered) : (call?.talkSeconds ?? null);
  return {
    callId,
    operatorId: op?.id ?? null,
    shift: d.shiftFor(call?.queuedAt ?? call?.enteredAt ?? row?.entered_ms ?? Date.now()),
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
