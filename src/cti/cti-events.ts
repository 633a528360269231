import { EventEmitter } from 'node:events';
import type { OperatorStateChanged } from './operator-types.ts';
import type { MemberFacts } from './queue-types.ts';

// Domain events of the CTI core, published on one typed bus. Listeners (call recorder, desk
// gateway, wallboard, survey) never see AMI frames, only these.

export type CallPhase = 'ivr' | 'queued' | 'ringing' | 'talking' | 'after-agent' | 'ended';

export interface RingAttempt {
  interface: string;
  memberName: string;
  agentChannel: string;
  startedAt: number;
  endedAt: number | null;
  outcome: 'ringing' | 'answered' | 'no-answer' | 'cancelled';
  /** How the operator was reached: a queue (AgentCalled), Dial (a transfer to their phone), or handed the call by an attended transfer. */
  via?: 'queue' | 'dial' | 'transfer';
  /** Found ringing at a resync (a takeover, a restart): its start was before this node's link. */
  rebuilt?: boolean;
}

/** Live view of one call, keyed by (serverId, linkedid). Times are ms since epoch. */
export interface LiveCall {
  key: string;
  serverId: string;
  linkedid: string;
  callerChannel: string;
  callerNum: string;
  callerName: string;
  phase: CallPhase;
  enteredAt: number;
  queue: string | null;
  queuedAt: number | null;
  position: number | null;
  ivrChoice: string | null;
  hazard: boolean;
  rings: RingAttempt[];
  /** The member talking to the caller now, or last (after transfers: the last one). */
  memberInterface: string | null;
  memberName: string | null;
  answeredAt: number | null;
  agentEndedAt: number | null;
  endedAt: number | null;
  /**
   * agent-hangup, caller-hangup, transferred, completed, abandoned (hung up while queued),
   * timeout (Queue()'s timeout expired), ivr-hangup, pbx-restart (lost when Asterisk restarted or
   * shut down); stored rows only: unseen (ended while cti137 was down, how is unknown).
   */
  endReason: string | null;
  /** Seconds talking with operators, hold excluded (Asterisk's TalkTime counts hold in). */
  talkSeconds: number | null;
  waitSeconds: number | null;
  /** Seconds the caller was held by operators (Hold … Unhold), summed over the call. */
  holdSeconds: number;
  /** When the hold now running began (ms), or null. */
  onHoldSince: number | null;
  /** Blind and attended transfers that moved this call to another operator or queue. */
  transfers: number;
  /** The operator's channel talking to the caller now: after a transfer, the new operator's. */
  agentChannel: string | null;
}

/** A queue member as one event reports it: only the fields that event carries are set. */
export interface MemberChange {
  serverId: string;
  queue: string;
  interface: string;
  memberName: string;
  status?: number;
  paused?: boolean;
  reason?: string;
  removed?: boolean;
  inCall?: boolean;
  facts?: MemberFacts;
}

export interface CtiEvents {
  /** A caller channel appeared (Newchannel on a service number, or first seen in a queue). */
  'call:started': [call: LiveCall];
  /** The caller joined a queue. */
  'call:queued': [call: LiveCall];
  /** An operator's phone started ringing for this call (AgentCalled). */
  'call:ringing': [call: LiveCall, ring: RingAttempt];
  /** That ring stopped without an answer (AgentRingNoAnswer, or another member answered, or the caller left). */
  'call:ring-ended': [call: LiveCall, ring: RingAttempt];
  /** An operator answered (AgentConnect). */
  'call:answered': [call: LiveCall];
  /** The operator leg ended (AgentComplete); the caller may go on to the survey. */
  'call:agent-completed': [call: LiveCall, info: { reason: string; interface: string }];
  /** The caller channel hung up; the call is over. */
  'call:ended': [call: LiveCall];
  /** Queue member changes as Asterisk reports them. */
  'member:changed': [m: MemberChange];
  /** Asterisk (re)booted or the AMI link came back: state must be resynced. */
  'pbx:booted': [info: { serverId: string }];
  /** An operator's displayed state changed (ready, ringing, talking, wrap-up, paused, logged out). */
  'operator:changed': [operatorId: string, state: OperatorStateChanged];
}

export class CtiBus extends EventEmitter<CtiEvents> {
  constructor() {
    super();
    // One listener throwing must not break the AMI pipeline for the others.
    this.setMaxListeners(50);
  }
}
