import type { AmiMessage } from '../asterisk/ami/ami-codec.ts';
import { memberFacts } from './member-facts.ts';
import type { MemberFacts } from './queue-types.ts';

// AMI frames → the few typed telephony events the CTI state needs. Everything else (VarSet is
// over half of a call's events) is dropped here with one Set lookup, before any allocation.

interface Base {
  serverId: string;
  /** Event time from Asterisk's Timestamp field (ms since epoch); our clock if absent. */
  at: number;
}
interface ChannelRef {
  channel: string;
  uniqueid: string;
  linkedid: string;
  callerNum: string;
  callerName: string;
}
interface MemberRef {
  queue: string;
  interface: string;
  memberName: string;
}

export type TelephonyEvent =
  | (Base & ChannelRef & { type: 'channel-new'; context: string; exten: string })
  | (Base & ChannelRef & { type: 'channel-hangup'; cause: number; causeTxt: string })
  /** HangupRequest (the far end hung up) or SoftHangupRequest (the dialplan, AMI or ARI did). */
  | (Base & ChannelRef & { type: 'hangup-request'; soft: boolean })
  | (Base & ChannelRef & { type: 'queue-join'; queue: string; position: number; count: number })
  | (Base & ChannelRef & { type: 'queue-leave'; queue: string; position: number; count: number })
  | (Base &
      ChannelRef & {
        type: 'queue-abandon';
        queue: string;
        position: number;
        originalPosition: number;
        holdTime: number;
      })
  | (Base & ChannelRef & MemberRef & { type: 'agent-called'; destChannel: string; destUniqueid: string })
  | (Base & ChannelRef & MemberRef & { type: 'agent-ring-no-answer'; destChannel: string; ringTimeMs: number })
  | (Base &
      ChannelRef &
      MemberRef & {
        type: 'agent-connect';
        destChannel: string;
        destUniqueid: string;
        holdTime: number;
        ringTime: number;
      })
  | (Base &
      ChannelRef &
      MemberRef & { type: 'agent-complete'; destChannel: string; holdTime: number; talkTime: number; reason: string })
  | (Base & ChannelRef & MemberRef & { type: 'agent-dump'; destChannel: string })
  | (Base &
      MemberRef & {
        type: 'member-status';
        status: number;
        paused: boolean;
        pausedReason: string;
        inCall: boolean;
        stateInterface: string;
        facts: MemberFacts;
      })
  | (Base & MemberRef & { type: 'member-pause'; paused: boolean; reason: string })
  | (Base & MemberRef & { type: 'member-added'; paused: boolean; status: number; facts: MemberFacts })
  | (Base & MemberRef & { type: 'member-removed' })
  | (Base & ChannelRef & { type: 'hold' | 'unhold' })
  | (Base & ChannelRef & { type: 'dial-begin'; destChannel: string; destUniqueid: string; destCallerName: string })
  | (Base & ChannelRef & { type: 'dial-end'; destChannel: string; destCallerName: string; status: string })
  | (Base & {
      type: 'blind-transfer';
      result: string;
      transfererChannel: string;
      linkedid: string;
      transfereeLinkedid: string;
      extension: string;
      context: string;
    })
  | (Base & {
      type: 'attended-transfer';
      result: string;
      origTransfererChannel: string;
      origLinkedid: string;
      secondLinkedid: string;
      transfereeChannel: string;
      transfereeLinkedid: string;
      targetChannel: string;
      targetCallerName: string;
    })
  | (Base & { type: 'fully-booted' });

export type TelephonyEventType = TelephonyEvent['type'];

const WANTED = new Set([
  'Newchannel',
  'Hangup',
  // Tells a caller who hung up in the queue from one whose Queue() timed out: app_queue sends
  // QueueCallerAbandon for both, but only the first is preceded by a hangup request.
  'HangupRequest',
  'SoftHangupRequest',
  'QueueCallerJoin',
  'QueueCallerLeave',
  'QueueCallerAbandon',
  'AgentCalled',
  'AgentRingNoAnswer',
  'AgentConnect',
  'AgentComplete',
  'AgentDump',
  'QueueMemberStatus',
  'QueueMemberPause',
  'QueueMemberAdded',
  'QueueMemberRemoved',
  'BlindTransfer',
  'AttendedTransfer',
  // Hold time is part of handle time; Dial follows a caller transferred to a colleague's phone.
  'Hold',
  'Unhold',
  'DialBegin',
  'DialEnd',
  'FullyBooted',
]);

const MEMBER_EVENTS = new Set(['QueueMemberStatus', 'QueueMemberPause', 'QueueMemberAdded', 'QueueMemberRemoved']);
const CHANNEL_EVENTS = new Set([...WANTED].filter((n) => !MEMBER_EVENTS.has(n) && !/Transfer$|^FullyBooted$/.test(n)));

const num = (v: string | undefined) => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

/** A frame cut short (or forged) without what identifies it would make a phantom call or member. */
function hasIdentity(name: string, m: AmiMessage): boolean {
  if (MEMBER_EVENTS.has(name)) return !!m.get('Queue') && !!(m.get('Interface') ?? m.get('Location'));
  if (CHANNEL_EVENTS.has(name)) return !!(m.get('Linkedid') ?? m.get('Uniqueid'));
  return true;
}

export function isWanted(eventName: string | undefined): boolean {
  return eventName !== undefined && WANTED.has(eventName);
}

/**
 * Events Asterisk 20/22 sends that the CTI state deliberately ignores (VarSet alone is over half
 * of a call's events). Anything neither wanted nor listed here is unknown: a newer Asterisk, a
 * module we did not plan for, or a corrupted name — worth one log line.
 */
const IGNORED = new Set([
  'VarSet',
  'Newexten',
  'Newstate',
  'NewConnectedLine',
  'NewCallerid',
  'NewAccountCode',
  'Rename',
  'DeviceStateChange',
  'ExtensionStatus',
  'PresenceStateChange',
  'RTCPSent',
  'RTCPReceived',
  'Cdr',
  'CEL',
  'DialState',
  'DTMFBegin',
  'DTMFEnd',
  'MusicOnHoldStart',
  'MusicOnHoldStop',
  'UserEvent',
  'BridgeCreate',
  'BridgeEnter',
  'BridgeLeave',
  'BridgeDestroy',
  'BridgeMerge',
  'BridgeVideoSourceUpdate',
  'LocalBridge',
  'LocalOptimizationBegin',
  'LocalOptimizationEnd',
  'OriginateResponse',
  'ChanSpyStart',
  'ChanSpyStop',
  'MixMonitorStart',
  'MixMonitorStop',
  'MixMonitorMute',
  'Pickup',
  'ChannelTalkingStart',
  'ChannelTalkingStop',
  'NewPeerAccount',
  'Masquerade',
  'AGIExecStart',
  'AGIExecEnd',
  'AsyncAGIStart',
  'AsyncAGIExec',
  'AsyncAGIEnd',
  'MessageWaiting',
  'MWIGet',
  'Flash',
  'Wink',
  'AOC-D',
  'AOC-E',
  'AOC-S',
  'PeerStatus',
  'ContactStatus',
  'Registry',
  'EndpointList',
  'AorDetail',
  'AuthDetail',
  'SuccessfulAuth',
  'ChallengeSent',
  'ChallengeResponseFailed',
  'InvalidPassword',
  'InvalidAccountID',
  'FailedACL',
  'RequestBadFormat',
  'RequestNotAllowed',
  'RequestNotSupported',
  'AuthMethodNotAllowed',
  'UnexpectedAddress',
  'SessionLimit',
  'MemoryLimit',
  'LoadAverageLimit',
  'InvalidTransport',
  'SecurityEvent',
  'Reload',
  'Shutdown',
  'ModuleLoadReport',
  'Load',
  'Unload',
  'LogChannel',
  'Alarm',
  'AlarmClear',
  'QueueCallerStatus',
  'QueueMemberPenalty',
  'QueueMemberRinginuse',
  'AgentLogin',
  'AgentLogoff',
  'HangupHandlerRun',
  'HangupHandlerPush',
  'HangupHandlerPop',
  'ConfbridgeStart',
  'ConfbridgeEnd',
  'ConfbridgeJoin',
  'ConfbridgeLeave',
  'ConfbridgeTalking',
  'FAXStatus',
  'ReceiveFAX',
  'SendFAX',
  'Status',
  'StatusComplete',
]);

/**
 * Why an event that will not reach the CTI state was dropped: `ignored` (on purpose, silent),
 * `unknown` (a name we have never heard of) or `unidentifiable` (a wanted event without the
 * fields that say which call or member it is about, e.g. a frame cut short).
 */
export function dropReason(m: AmiMessage): 'ignored' | 'unknown' | 'unidentifiable' {
  const name = m.event;
  if (name === undefined || (!WANTED.has(name) && !IGNORED.has(name))) return 'unknown';
  if (WANTED.has(name) && !hasIdentity(name, m)) return 'unidentifiable';
  return 'ignored';
}

// Module-level, not closures inside toTelephonyEvent: this runs for every wanted AMI event, and a
// closure per call (plus the name-keeping wrapper the TypeScript loader adds to each) was a
// measurable part of the ingest path.
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

/** Map one AMI event to a telephony event, or null when the CTI state does not care about it. */
export function toTelephonyEvent(m: AmiMessage, serverId: string): TelephonyEvent | null {
  const name = m.event;
  if (!isWanted(name)) return null;
  if (!hasIdentity(name!, m)) return null;
  const ts = m.get('Timestamp');
  const at = ts ? Math.round(Number(ts) * 1000) : Date.now();
  const base = { serverId, at };
  switch (name) {
    case 'Newchannel':
      return {
        ...base,
        ...channelRef(m),
        type: 'channel-new',
        context: m.get('Context') ?? '',
        exten: m.get('Exten') ?? '',
      };
    case 'Hangup':
      return {
        ...base,
        ...channelRef(m),
        type: 'channel-hangup',
        cause: num(m.get('Cause')),
        causeTxt: m.get('Cause-txt') ?? '',
      };
    case 'HangupRequest':
    case 'SoftHangupRequest':
      return { ...base, ...channelRef(m), type: 'hangup-request', soft: name === 'SoftHangupRequest' };
    case 'QueueCallerJoin':
    case 'QueueCallerLeave':
      return {
        ...base,
        ...channelRef(m),
        type: name === 'QueueCallerJoin' ? 'queue-join' : 'queue-leave',
        queue: m.get('Queue') ?? '',
        position: num(m.get('Position')),
        count: num(m.get('Count')),
      };
    case 'QueueCallerAbandon':
      return {
        ...base,
        ...channelRef(m),
        type: 'queue-abandon',
        queue: m.get('Queue') ?? '',
        position: num(m.get('Position')),
        originalPosition: num(m.get('OriginalPosition')),
        holdTime: num(m.get('HoldTime')),
      };
    case 'AgentCalled':
      return {
        ...base,
        ...channelRef(m),
        ...memberRef(m),
        type: 'agent-called',
        destChannel: m.get('DestChannel') ?? '',
        destUniqueid: m.get('DestUniqueid') ?? '',
      };
    case 'AgentRingNoAnswer':
      // RingTime here is milliseconds (AgentConnect's is seconds): see the transcripts' README.
      return {
        ...base,
        ...channelRef(m),
        ...memberRef(m),
        type: 'agent-ring-no-answer',
        destChannel: m.get('DestChannel') ?? '',
        ringTimeMs: num(m.get('RingTime')),
      };
    case 'AgentConnect':
      return {
        ...base,
        ...channelRef(m),
        ...memberRef(m),
        type: 'agent-connect',
        destChannel: m.get('DestChannel') ?? '',
        destUniqueid: m.get('DestUniqueid') ?? '',
        holdTime: num(m.get('HoldTime')),
        ringTime: num(m.get('RingTime')),
      };
    case 'AgentComplete':
      return {
        ...base,
        ...channelRef(m),
        ...memberRef(m),
        type: 'agent-complete',
        destChannel: m.get('DestChannel') ?? '',
        holdTime: num(m.get('HoldTime')),
        talkTime: num(m.get('TalkTime')),
        reason: m.get('Reason') ?? '',
      };
    case 'AgentDump':
      return {
        ...base,
        ...channelRef(m),
        ...memberRef(m),
        type: 'agent-dump',
        destChannel: m.get('DestChannel') ?? '',
      };
    case 'QueueMemberStatus':
      return {
        ...base,
        ...memberRef(m),
        type: 'member-status',
        status: num(m.get('Status')),
        paused: m.get('Paused') === '1',
        pausedReason: m.get('PausedReason') ?? '',
        inCall: m.get('InCall') === '1',
        stateInterface: m.get('StateInterface') ?? '',
        facts: memberFacts(m),
      };
    case 'QueueMemberPause':
      return {
        ...base,
        ...memberRef(m),
        type: 'member-pause',
        paused: m.get('Paused') === '1',
        reason: m.get('PausedReason') ?? m.get('Reason') ?? '',
      };
    case 'QueueMemberAdded':
      return {
        ...base,
        ...memberRef(m),
        type: 'member-added',
        paused: m.get('Paused') === '1',
        status: num(m.get('Status')),
        facts: memberFacts(m),
      };
    case 'QueueMemberRemoved':
      return { ...base, ...memberRef(m), type: 'member-removed' };
    case 'Hold':
    case 'Unhold':
      return { ...base, ...channelRef(m), type: name === 'Hold' ? 'hold' : 'unhold' };
    case 'DialBegin':
      return {
        ...base,
        ...channelRef(m),
        type: 'dial-begin',
        destChannel: m.get('DestChannel') ?? '',
        destUniqueid: m.get('DestUniqueid') ?? '',
        destCallerName: m.get('DestCallerIDName') ?? '',
      };
    case 'DialEnd':
      return {
        ...base,
        ...channelRef(m),
        type: 'dial-end',
        destChannel: m.get('DestChannel') ?? '',
        destCallerName: m.get('DestCallerIDName') ?? '',
        status: m.get('DialStatus') ?? '',
      };
    case 'BlindTransfer':
      return {
        ...base,
        type: 'blind-transfer',
        result: m.get('Result') ?? '',
        transfererChannel: m.get('TransfererChannel') ?? '',
        linkedid: m.get('TransfererLinkedid') ?? '',
        transfereeLinkedid: m.get('TransfereeLinkedid') ?? '',
        extension: m.get('Extension') ?? '',
        context: m.get('Context') ?? '',
      };
    case 'AttendedTransfer':
      return {
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
      };
    case 'FullyBooted':
      return { ...base, type: 'fully-booted' };
    default:
      return null;
  }
}
