import type { Bridge } from './bridge.ts';
import type { Channel, Fields } from './channel.ts';
import type { QueueConfig } from './options.ts';
import type { TimerHandle } from './scheduler.ts';

export interface Member {
  queue: string;
  iface: string;
  name: string;
  stateInterface: string;
  membership: 'dynamic' | 'static';
  penalty: number;
  paused: boolean;
  pausedReason: string;
  lastPause: number;
  loginTime: number;
  /** In a call taken from this queue (InCall is per queue in app_queue). */
  inCall: boolean;
  /** Device state number of StateInterface (1 NOT_INUSE, 2 INUSE, 6 RINGING, …). */
  status: number;
  callsTaken: number;
  lastCall: number;
  /** Real-time ms until which wrapup keeps the member from being rung. */
  wrapupUntil: number;
}

export interface RingAttempt {
  caller: QueueCaller;
  member: Member;
  agent: Channel;
  startedAt: number;
  timer?: TimerHandle;
}

export interface Connected {
  agent: Channel;
  member: Member;
  bridge: Bridge;
  connectedAt: number;
  holdSec: number;
}

export interface QueueCaller {
  ch: Channel;
  queue: Queue;
  joinedAt: number;
  originalPos: number;
  prio: number;
  attempts: RingAttempt[];
  retry?: TimerHandle;
  /** Queue()'s own timeout (callerTimeoutSec), while the caller waits. */
  expire?: TimerHandle;
  /** linear strategy: where the next ring pass starts for this caller. */
  linpos: number;
  connected?: Connected;
  /** Queue() returned with CONTINUE (option c): run the next dialplan step. */
  next: () => void;
}

export interface Queue {
  cfg: Required<QueueConfig>;
  members: Member[];
  callers: QueueCaller[];
  completed: number;
  abandoned: number;
  holdtime: number;
  talktime: number;
  /** rrmemory: index of the member rung last. */
  rrpos: number;
  availState?: string;
}

export function makeQueue(cfg: Required<QueueConfig>): Queue {
  return { cfg, members: [], callers: [], completed: 0, abandoned: 0, holdtime: 0, talktime: 0, rrpos: -1 };
}

/** app_queue smooths hold/talk averages: new = (3·old + sample) / 4, seeded by the first sample. */
export function smooth(old: number, sample: number): number {
  return old === 0 ? sample : Math.floor((old * 3 + sample) / 4);
}

/** The member facts both shapes share, in Asterisk's order (StateInterface … PausedReason). */
function memberFacts(m: Member): Fields {
  return [
    ['StateInterface', m.stateInterface],
    ['Membership', m.membership],
    ['Penalty', String(m.penalty)],
    ['CallsTaken', String(m.callsTaken)],
    ['LastCall', String(m.lastCall)],
    ['LastPause', String(m.lastPause)],
    ['LoginTime', String(m.loginTime)],
    ['InCall', m.inCall ? '1' : '0'],
    ['Status', String(m.status)],
    ['Paused', m.paused ? '1' : '0'],
    ['PausedReason', m.pausedReason],
  ];
}

/** Body of QueueMemberStatus / Added / Removed / Pause. */
export function memberEventFields(m: Member): Fields {
  return [
    ['Queue', m.queue],
    ['MemberName', m.name],
    ['Interface', m.iface],
    ...memberFacts(m),
    ['Ringinuse', '0'],
    ['Wrapuptime', '0'],
  ];
}

/** The QueueStatus list item: same facts, but `Name`/`Location` and ActionID last. */
export function memberListFields(m: Member, actionId: Fields): Fields {
  return [
    ['Event', 'QueueMember'],
    ['Queue', m.queue],
    ['Name', m.name],
    ['Location', m.iface],
    ...memberFacts(m),
    ['Wrapuptime', '0'],
    ...actionId,
  ];
}

/** Device states a member can be rung in (ringinuse = no). */
export function isRingable(m: Member, now: number): boolean {
  return !m.paused && (m.status === 1 || m.status === 0) && now >= m.wrapupUntil;
}

/** Pick the members to ring for this pass, per strategy. */
export function pickMembers(q: Queue, caller: QueueCaller, free: (m: Member) => boolean): Member[] {
  const list = q.members;
  const n = list.length;
  if (n === 0) return [];
  if (q.cfg.strategy === 'ringall') return list.filter(free);
  const start = q.cfg.strategy === 'linear' ? caller.linpos : q.rrpos + 1;
  for (let i = 0; i < n; i++) {
    const m = list[(((start + i) % n) + n) % n]!;
    if (free(m)) return [m];
  }
  return [];
}
