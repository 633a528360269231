import { AppError } from '../shared/index.ts';
import { WRAP_UP_REASON, type OperatorFacts } from './operator-state.ts';
import type { OperatorInfo } from './operator-types.ts';

/**
 * Whether the operator's queue member must be paused on the PBX, and with which reason. A member
 * is held paused from the answer of a call until its wrap-up ends: pausing only once the call is
 * over loses the race against app_queue, which rings a free member as soon as a waiting caller's
 * next pass runs (with callers waiting, often before the pause lands).
 */
export function pbxPause(f: OperatorFacts, wrapupSeconds: number): { paused: boolean; reason: string } {
  if (f.paused) return { paused: true, reason: f.pauseReason ?? '' };
  if (wrapupSeconds > 0 && (f.talkingCall !== null || f.wrapUntil !== null))
    return { paused: true, reason: WRAP_UP_REASON };
  return { paused: false, reason: '' };
}

export type PbxPause = ReturnType<typeof pbxPause>;
export const WRAP_PAUSE: PbxPause = { paused: true, reason: WRAP_UP_REASON };

/** QueuePause of the operator's phone in every queue; a paused member keeps the reason. */
export function queuePauseFields(op: OperatorInfo, pause: PbxPause): Record<string, string> {
  const fields: Record<string, string> = { Interface: op.interface, Paused: pause.paused ? 'true' : 'false' };
  if (pause.paused && pause.reason) fields.Reason = pause.reason;
  return fields;
}

/** QueueAdd of the operator's phone to one queue, paused (with the reason Asterisk keeps) or not. */
export function queueAddFields(op: OperatorInfo, queue: string, pause: PbxPause): Record<string, string> {
  return { Queue: queue, MemberName: op.displayName, StateInterface: op.interface, ...queuePauseFields(op, pause) };
}

/** One operator's memberships as a QueueStatus listed them (one entry per queue). */
export interface ListedMember {
  interface: string;
  paused: boolean;
  reason: string;
  inCall: boolean;
}

/**
 * A member left paused for wrap-up with nothing of ours to end it: no call up, no wrap-up running
 * (cti137 restarted during a wrap-up and the job that would end it knows a token that is gone).
 * Left alone it would never be rung again.
 */
export function orphanWrapPause(f: OperatorFacts, listed: ListedMember[]): boolean {
  return (
    f.loggedIn &&
    !f.paused &&
    f.talkingCall === null &&
    f.ringingCall === null &&
    f.wrapUntil === null &&
    listed.some((m) => m.paused && m.reason === WRAP_UP_REASON) &&
    !listed.some((m) => m.inCall)
  );
}

/** A supervisor cannot unpause an operator who is out of the queues: that would sign them in. */
export function signedOut(op: OperatorInfo): AppError {
  const msg = `${op.displayName} is signed out of the queues: only they can sign in again, with Ready at their desk`;
  return new AppError('NOT_LOGGED_IN', 409, msg);
}
