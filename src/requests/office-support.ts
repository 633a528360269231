import type { Db, DbClient } from '../db/index.ts';
import { latestReferralState, openReferralStates, type ReferralState } from './referral-query-repository.ts';
import { raiseEscalationLevel } from './referral-repository.ts';
import { insertEvent } from './request-repository.ts';

// What the office domain (escalation, notifications, photos) needs of requests, in one place.

export type { ReferralState } from './referral-query-repository.ts';
export { canActorSee } from './unit-scope.ts';

type Q = Db | DbClient;

/**
 * The request's current referral; when none is open, its latest one (endedAt set), so that a
 * delayed job can tell "ended" from "never referred" (null). A job compares id and deadlineAt
 * with what it was scheduled for.
 */
export function currentReferral(db: Q, requestId: string): Promise<ReferralState | null> {
  return latestReferralState(db, requestId);
}

/** Every open referral with its deadline (to schedule escalation again at start). */
export function openReferrals(db: Q): Promise<ReferralState[]> {
  return openReferralStates(db);
}

/**
 * Raises the referral's escalation level to `level`; true only for the call that changed it, so
 * that a level's notifications go out once however many jobs or nodes reach it.
 */
export function setEscalationLevel(db: Q, referralId: string, level: number): Promise<boolean> {
  return raiseEscalationLevel(db, referralId, level);
}

/** A system entry in the request's history (no user): a reminder sent, overdue, escalated up the tree, the citizen's feedback answer. */
export async function recordRequestEvent(
  db: Q,
  requestId: string,
  kind: 'reminder' | 'overdue' | 'escalated' | 'feedback',
  details: Record<string, unknown>,
): Promise<void> {
  await insertEvent(db, requestId, kind, null, null, details);
}

/** What an operator did with a triage item about this request, in its history (a note by them, details in the event). */
export async function recordTriageEvent(
  db: Q,
  requestId: string,
  userId: string,
  note: string,
  details: Record<string, unknown>,
): Promise<void> {
  await insertEvent(db, requestId, 'note', userId, note, { triage: true, ...details });
}
