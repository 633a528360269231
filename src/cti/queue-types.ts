// Shapes of the live queue picture and the KPIs, shared by the REST API, the wallboard socket and
// the browser (no Node imports here).

export interface WaitingCaller {
  callId: string | null;
  linkedid: string;
  serverId: string;
  /** Masked for the wallboard (0912 *** 4567); full numbers only on the desk of the operator taking the call. */
  callerMasked: string | null;
  /** ISO time the caller joined this queue. */
  waitingSince: string;
  position: number | null;
  hazard: boolean;
  ivrChoice: string | null;
  /** Interfaces ringing for this caller now. */
  ringing: string[];
}

/** What Asterisk says about a member beyond its state (QueueMember / QueueMemberStatus fields). */
export interface MemberFacts {
  penalty?: number;
  callsTaken?: number;
  /** ISO time of the member's last call / when it was added; absent when Asterisk says 0. */
  lastCallAt?: string;
  loginAt?: string;
  /** Whether the queue may ring the member while on another call (queues.conf ringinuse). */
  ringinuse?: boolean;
  /** Asterisk's own wrap-up time for the member, seconds (cti137 does wrap-up by pausing: expect 0). */
  wrapupSeconds?: number;
}

export interface QueueMember extends MemberFacts {
  interface: string;
  operatorId: string | null;
  memberName: string;
  /** Asterisk device state number: 1 not in use, 2 in use, 6 ringing, 5 unavailable... */
  status: number;
  paused: boolean;
  pausedReason: string | null;
  inCall: boolean;
}

export interface QueueLive {
  name: string;
  /** From QueueParams after each (re)connect: the strategy configured in Asterisk (rrmemory, ringall…). */
  strategy: string | null;
  /** queues.conf weight: a heavier queue's callers are offered to shared members first. */
  weight: number | null;
  /** Most callers allowed to wait (0 = unlimited). */
  maxCallers: number | null;
  /** The Asterisk server the queue is on: the same name on two servers is two queues. */
  serverId: string;
  /** Longest waiting first. */
  waiting: WaitingCaller[];
  members: QueueMember[];
  /** Callers talking to an operator now. */
  talking: number;
}

export interface Kpis {
  offered: number;
  answered: number;
  /** Hung up while waiting, longer than the short-abandon threshold. */
  abandoned: number;
  /** Hung up within the first seconds: reported apart, not counted in the rate. */
  shortAbandoned: number;
  /** Left unanswered when Queue()'s timeout expired (the dialplan went on): not abandons. */
  timedOut: number;
  /** Ended by an Asterisk restart (answered or not): not abandons. */
  lostInRestart: number;
  /** Answered within T seconds ÷ offered, 0..1; null when nothing offered. */
  serviceLevel: number | null;
  serviceLevelSeconds: number;
  /** Average speed of answer, seconds. */
  asa: number | null;
  /** Average handle time: talk + hold + wrap-up, seconds. */
  aht: number | null;
  /** AHT's parts per answered call, seconds (talk is net of hold). */
  avgTalk: number | null;
  avgHold: number | null;
  avgWrapUp: number | null;
  /** abandoned ÷ (offered − short abandons), 0..1. */
  abandonRate: number | null;
  /** Callbacks owed now; dials made and citizens reached in the period (absent: no callbacks domain). */
  callbacks?: { owed: number; made: number; reached: number };
  perOperator: Array<{
    operatorId: string;
    displayName: string;
    answered: number;
    aht: number | null;
    talkSeconds: number;
    holdSeconds: number;
  }>;
}
