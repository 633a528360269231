import type { AmiMessage } from '../asterisk/ami/index.ts';
import type { StoredCall } from './call-restore-repository.ts';
import type { CallTracker } from './call-tracker.ts';
import { interfaceOfChannel, type ChannelInfo } from './core-channels.ts';
import type { LiveCall } from './cti-events.ts';
import type { TelephonyEvent } from './telephony-events.ts';

/**
 * After a (re)connect, make the tracker match what Asterisk has now: calls we track whose
 * caller channel is gone ended while we were away (an Asterisk restart is told apart before
 * this runs, by linkPbx, and its calls are already ended as pbx-restart); caller channels we do
 * not know (cti137 restarted) are rebuilt — waiting in a queue, or talking to the operator whose
 * leg shares the bridge. Records are keyed by (server, Linkedid), so a rebuilt call updates its
 * existing row instead of adding a duplicate, and starts from what that row knows (`stored`): a
 * restart of cti137 never rewrites what happened before it.
 */
export function reconcileCalls(
  tracker: CallTracker,
  serverId: string,
  channels: ChannelInfo[],
  queueEntries: AmiMessage[],
  isServiceNumber: (exten: string) => boolean,
  now = Date.now(),
  /** Linkedids that had events since the snapshot was asked for: the snapshot may be older than what we know. */
  recent: ReadonlySet<string> = new Set(),
  /** The stored rows of the calls cti137 does not follow, by Linkedid. */
  stored: ReadonlyMap<string, StoredCall> = new Map(),
): { ended: number; rebuilt: number } {
  const ended = endLostCalls(tracker, serverId, channels, now, recent);
  let rebuilt = 0;
  for (const c of channels) {
    if (c.uniqueid !== c.linkedid || tracker.get(serverId, c.linkedid)) continue;
    const row = stored.get(c.linkedid);
    const events = rebuildEvents(serverId, c, channels, queueEntries, isServiceNumber, now, row);
    if (!events) continue;
    // The call first, then what the record knows, then where it is now: the queue and answer
    // events below then carry the restored facts to the recorder, and only add what is new.
    tracker.handle(events[0]!);
    const call = tracker.get(serverId, c.linkedid);
    if (call) restoreFacts(call, row, c);
    for (const e of events.slice(1)) tracker.handle(e);
    rebuilt++;
  }
  return { ended, rebuilt };
}

/** `Stasis(cti137,survey,${MEMBERINTERFACE},${MEMBERNAME})`: the member the caller talked with last. */
function surveyMember(c: ChannelInfo): { iface: string; name: string } | null {
  if (c.application !== 'Stasis') return null;
  const [, mode, iface = '', name = ''] = c.applicationData.split(',');
  return mode === 'survey' && iface ? { iface, name } : null;
}

/**
 * A rebuilt call takes the facts its record already holds. A caller found in the survey proves
 * more: the dialplan sends a caller there only when Queue() returns CONTINUE, i.e. the operator
 * hung up (Queue option c), so the call was answered by that member and ended by them.
 */
function restoreFacts(call: LiveCall, row: StoredCall | undefined, ch: ChannelInfo): void {
  if (row) {
    call.enteredAt = row.enteredAt;
    call.queue = row.queue;
    call.queuedAt = row.queuedAt;
    call.answeredAt = row.answeredAt;
    call.memberInterface = row.memberInterface;
    call.memberName = row.memberName;
    call.endReason = row.endReason;
    call.waitSeconds = row.waitSeconds;
    call.talkSeconds = row.talkSeconds;
    call.holdSeconds = row.holdSeconds;
    call.transfers = row.transfers;
    call.ivrChoice = row.ivrChoice;
    call.hazard = row.hazard;
  }
  const survey = surveyMember(ch);
  // Talking now (with whoever shares the bridge, added next): no end of a leg is the last word.
  if (ch.bridgeId) call.endReason = null;
  if (survey) {
    call.memberInterface ??= survey.iface;
    call.memberName ??= survey.name;
    if (call.endReason === null || call.endReason === 'transferred') call.endReason = 'agent-hangup';
  }
  if (call.endReason === 'agent-hangup') call.phase = 'after-agent';
}

/**
 * A second look at a few calls, against a newer CoreShowChannels: the rebuilt calls whose events
 * overtook the first snapshot (the operator hung up while it was on its way, and the AgentComplete
 * met a call not rebuilt yet). Each one catches up with its channels, or ends if its caller is gone.
 */
export function recheckCalls(
  tracker: CallTracker,
  serverId: string,
  channels: ChannelInfo[],
  linkedids: readonly string[],
  now = Date.now(),
): void {
  const only = new Set(linkedids);
  const others = new Set(
    tracker
      .active()
      .map((c) => c.linkedid)
      .filter((l) => !only.has(l)),
  );
  endLostCalls(tracker, serverId, channels, now, others);
}

/** Our calls whose caller channel is gone end now; the ones still up catch up with their channels. */
function endLostCalls(
  tracker: CallTracker,
  serverId: string,
  channels: ChannelInfo[],
  now: number,
  recent: ReadonlySet<string>,
): number {
  const alive = new Set(channels.filter((c) => c.uniqueid === c.linkedid).map((c) => c.linkedid));
  let ended = 0;
  for (const call of tracker.active()) {
    if (call.serverId !== serverId || recent.has(call.linkedid)) continue;
    if (alive.has(call.linkedid)) {
      catchUp(tracker, call, channels, now);
      continue;
    }
    tracker.handle({
      type: 'channel-hangup',
      serverId,
      at: now,
      channel: call.callerChannel,
      uniqueid: call.linkedid,
      linkedid: call.linkedid,
      callerNum: call.callerNum,
      callerName: call.callerName,
      cause: 0,
      causeTxt: 'lost while disconnected',
    });
    ended++;
  }
  return ended;
}

/**
 * The events that would have built an unknown caller's call: its channel, then its place in a
 * queue or its operator. Null for a channel that is none of ours (not queued, no operator, not a
 * service number).
 */
function rebuildEvents(
  serverId: string,
  c: ChannelInfo,
  channels: ChannelInfo[],
  queueEntries: AmiMessage[],
  isServiceNumber: (exten: string) => boolean,
  now: number,
  row: StoredCall | undefined,
): TelephonyEvent[] | null {
  const entry = queueEntries.find((q) => q.event === 'QueueEntry' && q.get('Uniqueid') === c.uniqueid);
  const agent = channels.find(
    (a) => a.linkedid === c.linkedid && a.uniqueid !== c.uniqueid && a.bridgeId && a.bridgeId === c.bridgeId,
  );
  if (!entry && !agent && !row && !surveyMember(c) && !isServiceNumber(c.exten)) return null;
  const base = {
    serverId,
    channel: c.channel,
    uniqueid: c.uniqueid,
    linkedid: c.linkedid,
    callerNum: c.callerNum,
    callerName: c.callerName,
  };
  const started = row?.enteredAt ?? now - c.durationSeconds * 1000;
  const events: TelephonyEvent[] = [{ ...base, type: 'channel-new', at: started, context: '', exten: c.exten }];
  if (entry) {
    const wait = Number(entry.get('Wait') ?? 0);
    const queue = entry.get('Queue') ?? '';
    const position = Number(entry.get('Position') ?? 0);
    const at = row?.queue === queue && row.queuedAt !== null ? row.queuedAt : now - wait * 1000;
    events.push({ ...base, type: 'queue-join', at, queue, position, count: 0 });
    // Its members' phones ringing now (app_queue's legs, not bridged yet): rings this node never saw begin.
    for (const leg of channels.filter(
      (a) => a.linkedid === c.linkedid && a.uniqueid !== c.uniqueid && !a.bridgeId && a.state === 'Ringing',
    ))
      events.push({
        ...base,
        type: 'agent-called',
        at: now - leg.durationSeconds * 1000,
        queue,
        interface: interfaceOfChannel(leg.channel),
        memberName: interfaceOfChannel(leg.channel),
        destChannel: leg.channel,
        destUniqueid: leg.uniqueid,
        rebuilt: true,
      });
  } else if (agent) {
    // The caller's Queue() is still running while it talks: its first argument is the queue.
    const queue = c.application === 'Queue' ? (c.applicationData.split(',')[0] ?? '') : '';
    const queuedAt = row?.queuedAt ?? started;
    if (queue) events.push({ ...base, type: 'queue-join', at: queuedAt, queue, position: 0, count: 0 });
    events.push({
      ...base,
      type: 'agent-connect',
      at: now - agent.durationSeconds * 1000,
      queue,
      interface: interfaceOfChannel(agent.channel),
      memberName: agent.callerName,
      destChannel: agent.channel,
      destUniqueid: agent.uniqueid,
      holdTime: 0,
      ringTime: 0,
    });
  }
  return events;
}

/**
 * A call that lived through the gap may have moved on without us: the operator hung up (the
 * caller went on to the survey), a ringing phone stopped, or another operator now shares the
 * caller's bridge (a transfer). Make the live call say what Asterisk's channels say.
 */
function catchUp(tracker: CallTracker, call: LiveCall, channels: ChannelInfo[], now: number): void {
  const names = new Set(channels.map((c) => c.channel));
  tracker.endRing(call, (r) => r.outcome === 'ringing' && !names.has(r.agentChannel), 'cancelled', now);
  if (call.phase === 'ringing' && !call.rings.some((r) => r.outcome === 'ringing')) call.phase = 'queued';
  const caller = channels.find((c) => c.uniqueid === call.linkedid);
  const peer = caller?.bridgeId
    ? channels.find((a) => a.bridgeId === caller.bridgeId && a.uniqueid !== caller.uniqueid)
    : undefined;
  if (call.agentChannel && call.agentChannel !== peer?.channel)
    tracker.completeLeg(call, call.agentChannel, now, 'agent');
  // Whatever joined it, this leg is known to end when its channel hangs up (its AgentComplete, if any, ends it first).
  if (peer && call.agentChannel !== peer.channel) {
    tracker.answer(call, {
      interface: interfaceOfChannel(peer.channel),
      memberName: peer.callerName,
      channel: peer.channel,
      via: 'dial',
      at: now - peer.durationSeconds * 1000,
    });
  }
}
