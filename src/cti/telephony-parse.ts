import type { AmiMessage } from '../asterisk/ami/index.ts';
import { memberFacts } from './member-facts.ts';
import type { Base, ChannelRef, MemberRef, TelephonyEvent } from './telephony-events.ts';
import { hasIdentity, isWanted } from './telephony-filter.ts';

// AMI frames → telephony events: one small reader per wanted event name, looked up once per frame.
// Module-level functions, not closures made inside toTelephonyEvent: this runs for every wanted
// AMI event, and a closure per call (plus the name-keeping wrapper the TypeScript loader adds to
// each) was a measurable part of the ingest path.

type Read = (m: AmiMessage, base: Base) => TelephonyEvent;

const num = (v: string | undefined) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

function channelRef(m: AmiMessage): ChannelRef {
  return {
    channel: m.get('Channel') ?? '',
    uniqueid: m.get('Uniqueid') ?? '',
    linkedid: m.get('Linkedid') ?? m.get('Uniqueid') ?? '',
    callerNum: m.get('CallerIDNum') ?? '',
    callerName: m.get('CallerIDName') ?? '',
  };
}

function memberRef(m: AmiMessage): MemberRef {
  return {
    queue: m.get('Queue') ?? '',
    interface: m.get('Interface') ?? m.get('Location') ?? '',
    memberName: m.get('MemberName') ?? m.get('Name') ?? '',
  };
}

/** A caller's or an operator's channel: its life, and its way through a queue. */
const CHANNEL_READERS: Record<string, Read> = {
  Newchannel: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'channel-new',
    context: m.get('Context') ?? '',
    exten: m.get('Exten') ?? '',
  }),
  Hangup: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'channel-hangup',
    cause: num(m.get('Cause')),
    causeTxt: m.get('Cause-txt') ?? '',
  }),
  HangupRequest: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'hangup-request',
    soft: false,
    cause: num(m.get('Cause')),
  }),
  SoftHangupRequest: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'hangup-request',
    soft: true,
    cause: num(m.get('Cause')),
  }),
  QueueCallerJoin: (m, base) => queueCaller(m, base, 'queue-join'),
  QueueCallerLeave: (m, base) => queueCaller(m, base, 'queue-leave'),
  QueueCallerAbandon: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'queue-abandon',
    queue: m.get('Queue') ?? '',
    position: num(m.get('Position')),
    originalPosition: num(m.get('OriginalPosition')),
    holdTime: num(m.get('HoldTime')),
  }),
  Hold: (m, base) => ({ ...base, ...channelRef(m), type: 'hold' }),
  Unhold: (m, base) => ({ ...base, ...channelRef(m), type: 'unhold' }),
  DialBegin: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'dial-begin',
    destChannel: m.get('DestChannel') ?? '',
    destUniqueid: m.get('DestUniqueid') ?? '',
    destCallerName: m.get('DestCallerIDName') ?? '',
  }),
  DialEnd: (m, base) => ({
    ...base,
    ...channelRef(m),
    type: 'dial-end',
    destChannel: m.get('DestChannel') ?? '',
    destCallerName: m.get('DestCallerIDName') ?? '',
    status: m.get('DialStatus') ?? '',
  }),
};

function queueCaller(m: AmiMessage, base: Base, type: 'queue-join' | 'queue-leave'): TelephonyEvent {
  return {
    ...base,
    ...channelRef(m),
    type,
    queue: m.get('Queue') ?? '',
    position: num(m.get('Position')),
    count: num(m.get('Count')),
  };
}

/** app_queue ringing a member for a caller, and what came of it. */
const AGENT_READERS: Record<string, Read> = {
  AgentCalled: (m, base) => ({
    ...base,
    ...channelRef(m),
    ...memberRef(m),
    type: 'agent-called',
    destChannel: m.get('DestChannel') ?? '',
    destUniqueid: m.get('DestUniqueid') ?? '',
  }),
  // RingTime here is milliseconds (AgentConnect's is seconds): see the transcripts' README.
  AgentRingNoAnswer: (m, base) => ({
    ...base,
    ...channelRef(m),
    ...memberRef(m),
    type: 'agent-ring-no-answer',
    destChannel: m.get('DestChannel') ?? '',
    ringTimeMs: num(m.get('RingTime')),
  }),
  AgentConnect: (m, base) => ({
    ...base,
    ...channelRef(m),
    ...memberRef(m),
    type: 'agent-connect',
    destChannel: m.get('DestChannel') ?? '',
    destUniqueid: m.get('DestUniqueid') ?? '',
    holdTime: num(m.get('HoldTime')),
    ringTime: num(m.get('RingTime')),
  }),
  AgentComplete: (m, base) => ({
    ...base,
    ...channelRef(m),
    ...memberRef(m),
    type: 'agent-complete',
    destChannel: m.get('DestChannel') ?? '',
    holdTime: num(m.get('HoldTime')),
    talkTime: num(m.get('TalkTime')),
    reason: m.get('Reason') ?? '',
  }),
  AgentDump: (m, base) => ({
    ...base,
    ...channelRef(m),
    ...memberRef(m),
    type: 'agent-dump',
    destChannel: m.get('DestChannel') ?? '',
  }),
};

/** Queue members (operators' phones) as Asterisk reports them. */
const MEMBER_READERS: Record<string, Read> = {
  QueueMemberStatus: (m, base) => ({
    ...base,
    ...memberRef(m),
    type: 'member-status',
    status: num(m.get('Status')),
    paused: m.get('Paused') === '1',
    pausedReason: m.get('PausedReason') ?? '',
    inCall: m.get('InCall') === '1',
    stateInterface: m.get('StateInterface') ?? '',
    facts: memberFacts(m),
  }),
  QueueMemberPause: (m, base) => ({
    ...base,
    ...memberRef(m),
    type: 'member-pause',
    paused: m.get('Paused') === '1',
    reason: m.get('PausedReason') ?? m.get('Reason') ?? '',
  }),
  QueueMemberAdded: (m, base) => ({
    ...base,
    ...memberRef(m),
    type: 'member-added',
    paused: m.get('Paused') === '1',
    // A member added paused (QueueAdd Paused/Reason, e.g. re-added after an Asterisk restart) comes with its reason.
    pausedReason: m.get('PausedReason') ?? '',
    status: num(m.get('Status')),
    facts: memberFacts(m),
  }),
  QueueMemberRemoved: (m, base) => ({ ...base, ...memberRef(m), type: 'member-removed' }),
};

/** Transfers (they name linked calls, not one channel) and Asterisk's boot. */
const SYSTEM_READERS: Record<string, Read> = {
  BlindTransfer: (m, base) => ({
    ...base,
    type: 'blind-transfer',
    result: m.get('Result') ?? '',
    transfererChannel: m.get('TransfererChannel') ?? '',
    linkedid: m.get('TransfererLinkedid') ?? '',
    transfereeLinkedid: m.get('TransfereeLinkedid') ?? '',
    extension: m.get('Extension') ?? '',
    context: m.get('Context') ?? '',
  }),
  AttendedTransfer: (m, base) => ({
    ...base,
    type: 'attended-transfer',
    result: m.get('Result') ?? '',
    origTransfererChannel: m.get('OrigTransfererChannel') ?? '',
    origLinkedid: m.get('OrigTransfererLinkedid') ?? '',
    secondLinkedid: m.get('SecondTransfererLinkedid') ?? '',
    transfereeChannel: m.get('TransfereeChannel') ?? '',
    transfereeLinkedid: m.get('TransfereeLinkedid') ?? '',
    targetChannel: m.get('TransferTargetChannel') ?? '',
    targetCallerName: m.get('TransferTargetCallerIDName') ?? '',
  }),
  FullyBooted: (_m, base) => ({ ...base, type: 'fully-booted' }),
  Shutdown: (m, base) => ({ ...base, type: 'pbx-shutdown', restart: m.get('Restart') === 'True' }),
};

const READERS = new Map<string, Read>(
  Object.entries({ ...CHANNEL_READERS, ...AGENT_READERS, ...MEMBER_READERS, ...SYSTEM_READERS }),
);

/** Map one AMI event to a telephony event, or null when the CTI state does not care about it. */
export function toTelephonyEvent(m: AmiMessage, serverId: string): TelephonyEvent | null {
  const name = m.event;
  if (!isWanted(name)) return null;
  if (!hasIdentity(name!, m)) return null;
  const read = READERS.get(name!);
  if (!read) return null;
  const ts = m.get('Timestamp');
  const at = ts ? Math.round(Number(ts) * 1000) : Date.now();
  return read(m, { serverId, at });
}
