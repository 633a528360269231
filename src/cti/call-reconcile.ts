import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import type { CallTracker } from './call-tracker.ts';
import type { LiveCall } from './cti-events.ts';
import type { TelephonyEvent } from './telephony-events.ts';

/** What a channel looks like in CoreShowChannels. */
export interface ChannelInfo {
  channel: string;
  uniqueid: string;
  linkedid: string;
  callerNum: string;
  callerName: string;
  exten: string;
  application: string;
  applicationData: string;
  bridgeId: string;
  durationSeconds: number;
}

export function parseCoreShowChannels(items: AmiMessage[]): ChannelInfo[] {
  return items
    .filter((m) => m.event === 'CoreShowChannel')
    .map((m) => {
      const [h = 0, mi = 0, s = 0] = (m.get('Duration') ?? '0:0:0').split(':').map(Number);
      return {
        channel: m.get('Channel') ?? '',
        uniqueid: m.get('Uniqueid') ?? '',
        linkedid: m.get('Linkedid') ?? '',
        callerNum: m.get('CallerIDNum') ?? '',
        callerName: m.get('CallerIDName') ?? '',
        exten: m.get('Exten') ?? '',
        application: m.get('Application') ?? '',
        applicationData: m.get('ApplicationData') ?? '',
        bridgeId: m.get('BridgeId') ?? '',
        durationSeconds: h * 3600 + mi * 60 + s,
      };
    });
}

/** `PJSIP/1001-0000000a` → `PJSIP/1001`: the member interface behind an operator leg. */
export const interfaceOfChannel = (channel: string) => channel.replace(/-[0-9a-f]+$/i, '');

/**
 * After a (re)connect, make the tracker match what Asterisk has now: calls we track whose
 * caller channel is gone ended while we were away (an Asterisk restart is told apart before
 * this runs, by linkPbx, and its calls are already ended as pbx-restart); caller channels we do
 * not know (cti137 restarted) are rebuilt — waiting in a queue, or talking to the operator whose
 * leg shares the bridge. Records are keyed by (server, Linkedid), so a rebuilt call updates its
 * existing row instead of adding a duplicate.
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
): { ended: number; rebuilt: number } {
  const callers = channels.filter((c) => c.uniqueid === c.linkedid);
  const alive = new Set(callers.map((c) => c.linkedid));
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
  let rebuilt = 0;
  for (const c of callers) {
    if (tracker.get(serverId, c.linkedid)) continue;
    const entry = queueEntries.find((q) => q.event === 'QueueEntry' && q.get('Uniqueid') === c.uniqueid);
    const agent = channels.find(
      (a) => a.linkedid === c.linkedid && a.uniqueid !== c.uniqueid && a.bridgeId && a.bridgeId === c.bridgeId,
    );
    if (!entry && !agent && !isServiceNumber(c.exten)) continue;
    const base = {
      serverId,
      channel: c.channel,
      uniqueid: c.uniqueid,
      linkedid: c.linkedid,
      callerNum: c.callerNum,
      callerName: c.callerName,
    };
    const started = now - c.durationSeconds * 1000;
    const events: TelephonyEvent[] = [{ ...base, type: 'channel-new', at: started, context: '', exten: c.exten }];
    if (entry) {
      const wait = Number(entry.get('Wait') ?? 0);
      events.push({
        ...base,
        type: 'queue-join',
        at: now - wait * 1000,
        queue: entry.get('Queue') ?? '',
        position: Number(entry.get('Position') ?? 0),
        count: 0,
      });
    } else if (agent) {
      const iface = interfaceOfChannel(agent.channel);
      // The caller's Queue() is still running while it talks: its first argument is the queue.
      const queue = c.application === 'Queue' ? (c.applicationData.split(',')[0] ?? '') : '';
      if (queue) events.push({ ...base, type: 'queue-join', at: started, queue, position: 0, count: 0 });
      events.push({
        ...base,
        type: 'agent-connect',
        at: now - agent.durationSeconds * 1000,
        queue,
        interface: iface,
        memberName: agent.callerName,
        destChannel: agent.channel,
        destUniqueid: agent.uniqueid,
        holdTime: 0,
        ringTime: 0,
      });
    }
    for (const e of events) tracker.handle(e);
    rebuilt++;
  }
  return { ended, rebuilt };
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
