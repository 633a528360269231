import type { CallLegs } from './call-legs.ts';
import type { CtiBus, LiveCall, RingAttempt } from './cti-events.ts';

// The call tracker's inside, as its event handlers (queue, transfer and reconcile) see it. A file
// of its own so that those handlers and the tracker depend on it, never on each other.

/** A call is (server, Linkedid): the same Linkedid on two servers is two calls. */
export const callKey = (serverId: string, linkedid: string) => `${serverId}/${linkedid}`;

/** How an operator was reached: a queue (AgentCalled), Dial, or handed the call by a transfer. */
export type Via = NonNullable<RingAttempt['via']>;

/** An operator leg that starts ringing or talking. */
export interface LegStart {
  interface: string;
  memberName: string;
  channel: string;
  via: Via;
  at: number;
  rebuilt?: boolean;
}

/** What an event says about the channel it comes from. */
export interface ChannelFacts {
  serverId: string;
  linkedid: string;
  uniqueid: string;
  channel: string;
  callerNum: string;
  callerName: string;
}

export interface TrackerCore {
  readonly bus: CtiBus;
  readonly legs: CallLegs;
  get(serverId: string, linkedid: string): LiveCall | undefined;
  /** The call of this channel; created (and announced) when first seen, wherever that is. */
  ensure(e: ChannelFacts, at: number): LiveCall;
  /** Whether the caller's channel was asked to hang up (HangupRequest/SoftHangupRequest). */
  hangupAsked(key: string): boolean;
  /** Whether Asterisk is hanging this call up because it shuts down (SoftHangupRequest Cause 4). */
  shuttingDown(key: string): boolean;
  /** An operator now talks with the caller (AgentConnect, Dial answered, attended transfer). */
  answer(c: LiveCall, a: LegStart): void;
  /** An operator's phone starts ringing for this call (AgentCalled, or a Dial from the caller's channel). */
  startRing(c: LiveCall, r: LegStart): void;
  endRing(c: LiveCall, match: (r: RingAttempt) => boolean, outcome: RingAttempt['outcome'], at: number): void;
  /** A leg with no AgentComplete (Dial, handed over) ended by the operator's hangup or a transfer. */
  completeLeg(c: LiveCall, channel: string, at: number, reason: string): void;
}

/**
 * A call as first seen. Seen first from an operator's leg (events arrive in no fixed order), the
 * caller's channel and number are not known yet: they stay empty rather than wrong.
 */
export function newLiveCall(e: ChannelFacts, at: number): LiveCall {
  const callerSide = e.uniqueid === e.linkedid;
  return {
    key: callKey(e.serverId, e.linkedid),
    serverId: e.serverId,
    linkedid: e.linkedid,
    callerChannel: callerSide ? e.channel : '',
    callerNum: callerSide ? e.callerNum : '',
    callerName: callerSide && e.callerName !== '<unknown>' ? e.callerName : '',
    phase: 'ivr',
    enteredAt: at,
    queue: null,
    queuedAt: null,
    position: null,
    ivrChoice: null,
    hazard: false,
    rings: [],
    memberInterface: null,
    memberName: null,
    answeredAt: null,
    agentEndedAt: null,
    endedAt: null,
    endReason: null,
    talkSeconds: null,
    waitSeconds: null,
    holdSeconds: 0,
    onHoldSince: null,
    transfers: 0,
    agentChannel: null,
  };
}
