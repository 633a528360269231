import type { MemberChange } from './cti-events.ts';
import type { OperatorState, OperatorStateChanged } from './operator-types.ts';

/** What we know about one operator; the displayed state is derived from it, never stored twice. */
export interface OperatorFacts {
  loggedIn: boolean;
  paused: boolean;
  pauseReason: string | null;
  /** Call key while the phone rings / while talking. */
  ringingCall: string | null;
  talkingCall: string | null;
  /** ms epoch; in wrap-up until then. */
  wrapUntil: number | null;
  wrapToken: string | null;
  /** When the derived state last changed. */
  since: number;
  lastState: OperatorState;
  lastReason: string | null;
  /** Who ordered the pause when it was not the operator (a supervisor's name); null otherwise. */
  pausedBy: string | null;
  /** pendingPause and pausedBy as last published: a change of either is news without a state change. */
  lastNote: string;
}

export const WRAP_UP_REASON = 'wrap-up';

export function initialFacts(now: number): OperatorFacts {
  return {
    loggedIn: false,
    paused: false,
    pauseReason: null,
    ringingCall: null,
    talkingCall: null,
    wrapUntil: null,
    wrapToken: null,
    since: now,
    lastState: 'logged-out',
    lastReason: null,
    pausedBy: null,
    lastNote: '',
  };
}

/** Priority of states: a call beats a pause (a paused operator can still be on a call), wrap-up beats ready. */
export function deriveState(f: OperatorFacts): { state: OperatorState; reason: string | null } {
  if (!f.loggedIn) return { state: 'logged-out', reason: null };
  if (f.talkingCall) return { state: 'talking', reason: null };
  if (f.ringingCall) return { state: 'ringing', reason: null };
  if (f.wrapUntil !== null) return { state: 'wrap-up', reason: null };
  if (f.paused) return { state: 'paused', reason: f.pauseReason };
  return { state: 'ready', reason: null };
}

/**
 * A pause ordered while the operator is on a call (ringing, talking or in wrap-up) shows only when
 * the call is over: until then it is pending, and the desk and the wallboard say so.
 */
export function pendingPause(f: OperatorFacts): string | null {
  if (!f.loggedIn || !f.paused) return null;
  return f.talkingCall || f.ringingCall || f.wrapUntil !== null ? (f.pauseReason ?? 'other') : null;
}

/** The pending pause and who ordered the pause, as the desk and the wallboard are told. */
export function pauseView(f: OperatorFacts): { pendingPause: string | null; pausedBy: string | null } {
  return { pendingPause: pendingPause(f), pausedBy: f.paused ? f.pausedBy : null };
}

/** pauseView as one string, to tell whether it changed since last published. */
export const pauseNote = (f: OperatorFacts): string => `${pendingPause(f) ?? ''}|${f.paused ? (f.pausedBy ?? '') : ''}`;

/** The operator's state as desks, wallboards and the API are told it. */
export function snapshotOf(f: OperatorFacts): OperatorStateChanged {
  const { state, reason } = deriveState(f);
  return {
    state,
    reason,
    since: new Date(f.since).toISOString(),
    until: state === 'wrap-up' && f.wrapUntil ? new Date(f.wrapUntil).toISOString() : null,
    ...pauseView(f),
  };
}

/** What a queue member event says about the operator behind the phone. */
export function applyMemberChange(f: OperatorFacts, m: MemberChange): void {
  if (m.removed) {
    f.loggedIn = false;
    return;
  }
  f.loggedIn = true;
  if (m.paused !== undefined) {
    // Our own wrap-up pause is not the operator's pause.
    const isWrap = m.reason === WRAP_UP_REASON;
    if (!isWrap) {
      f.paused = m.paused;
      f.pauseReason = m.paused ? m.reason || f.pauseReason : null;
      if (!m.paused) f.pausedBy = null;
    }
  }
}
