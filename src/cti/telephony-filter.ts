import type { AmiMessage } from '../asterisk/ami/index.ts';

// Which AMI events reach the CTI state. Everything else (VarSet is over half of a call's events)
// is dropped with one Set lookup, before any allocation.

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
  // Asterisk is going away: whatever call we still hold on it is lost (pbx-restart).
  'Shutdown',
]);

const MEMBER_EVENTS = new Set(['QueueMemberStatus', 'QueueMemberPause', 'QueueMemberAdded', 'QueueMemberRemoved']);
const CHANNEL_EVENTS = new Set(
  [...WANTED].filter((n) => !MEMBER_EVENTS.has(n) && !/Transfer$|^FullyBooted$|^Shutdown$/.test(n)),
);

/** A frame cut short (or forged) without what identifies it would make a phantom call or member. */
export function hasIdentity(name: string, m: AmiMessage): boolean {
  if (MEMBER_EVENTS.has(name)) return !!m.get('Queue') && !!(m.get('Interface') ?? m.get('Location'));
  if (CHANNEL_EVENTS.has(name)) return !!(m.get('Linkedid') ?? m.get('Uniqueid'));
  return true;
}

/**
 * The dial of an Originate (a supervisor's listen-in phone, any AMI/ARI originate) has no calling
 * channel: Asterisk sends its DialBegin/DialEnd with only the Dest… block. It is not a citizen's
 * call; nothing is missing from it.
 */
export function isOriginateDial(name: string, m: AmiMessage): boolean {
  return (name === 'DialBegin' || name === 'DialEnd') && !m.get('Uniqueid') && !!m.get('DestUniqueid');
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
 * fields that say which call or member it is about, e.g. a frame cut short; not an Originate's
 * own dial, which has no calling channel by nature).
 */
export function dropReason(m: AmiMessage): 'ignored' | 'unknown' | 'unidentifiable' {
  const name = m.event;
  if (name === undefined || (!WANTED.has(name) && !IGNORED.has(name))) return 'unknown';
  if (WANTED.has(name) && !hasIdentity(name, m) && !isOriginateDial(name, m)) return 'unidentifiable';
  return 'ignored';
}
