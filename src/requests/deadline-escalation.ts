import type { Db } from '../db/pool.ts';

/** Statuses in which the executive unit still owes the citizen an answer. */
const OPEN = ['registered', 'referred', 'in-progress', 'special-follow-up'];

/**
 * Run when a request's deadline passes (a delayed job): if the unit has not finished it, record
 * an 'overdue' event once. Returns true when it was overdue. Safe to run twice or late: the
 * deadline may have been moved (special follow-up resets it), so it is re-read here.
 */
export async function markOverdue(db: Db, requestId: string, now = new Date()): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO request_events (request_id, kind, note, details)
     SELECT r.id, 'overdue', NULL, jsonb_build_object('deadlineAt', r.deadline_at, 'status', r.status)
       FROM requests r
      WHERE r.id = $1 AND r.status = ANY($2) AND r.deadline_at IS NOT NULL AND r.deadline_at <= $3
        AND NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.kind = 'overdue' AND (e.details->>'deadlineAt')::timestamptz = r.deadline_at)
     RETURNING 1`,
    [requestId, OPEN, now],
  );
  return (r.rowCount ?? 0) > 0;
}

/** When to check a request again: its deadline (the job is scheduled for then). */
export function deadlineDelayMs(deadlineAt: string | null, now = Date.now()): number | null {
  if (!deadlineAt) return null;
  return Math.max(0, Date.parse(deadlineAt) - now);
}
