import type { Db } from '../db/index.ts';
import { insertOverdueEvent } from './request-repository.ts';

/** Statuses in which the citizen is still owed an answer (a returned request waits for 137 to refer it again). */
export const OPEN_STATUSES = ['registered', 'referred', 'in-progress', 'special-follow-up', 'returned'];

/**
 * Run when a request's deadline passes (a delayed job): if the unit has not finished it, record
 * an 'overdue' event once. Returns true when it was overdue. Safe to run twice or late: the
 * deadline may have been moved (special follow-up resets it), so it is re-read here.
 */
export function markOverdue(db: Db, requestId: string, now = new Date()): Promise<boolean> {
  return insertOverdueEvent(db, requestId, OPEN_STATUSES, now);
}

/** When to check a request again: its deadline (the job is scheduled for then). */
export function deadlineDelayMs(deadlineAt: string | null, now = Date.now()): number | null {
  if (!deadlineAt) return null;
  return Math.max(0, Date.parse(deadlineAt) - now);
}
