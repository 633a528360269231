import type { Db } from '../db/pool.ts';

export interface OpenRequest {
  trackingCode: string;
  status: string;
  category: string;
  hazard: boolean;
  createdAt: string;
  deadlineAt: string | null;
}

export interface OperatorTime {
  operatorId: string;
  username: string;
  displayName: string;
  /** Seconds per state inside the shift window; `ready` is the idle time. */
  seconds: { talking: number; ringing: number; wrapUp: number; paused: number; ready: number };
  pausedByReason: Record<string, number>;
  callsAnswered: number;
}

const LIST_LIMIT = 50;

const REQUEST_COLUMNS = `r.tracking_code, r.status, cat.name_en AS category, r.hazard, r.created_at, r.deadline_at`;
const toRequest = (x: {
  tracking_code: string;
  status: string;
  category: string;
  hazard: boolean;
  created_at: Date;
  deadline_at: Date | null;
}): OpenRequest => ({
  trackingCode: x.tracking_code,
  status: x.status,
  category: x.category,
  hazard: x.hazard,
  createdAt: x.created_at.toISOString(),
  deadlineAt: x.deadline_at ? x.deadline_at.toISOString() : null,
});

/** Hazard requests open at `at` (created before it, not closed by then): oldest first. */
export async function openHazards(db: Db, at: Date): Promise<{ count: number; requests: OpenRequest[] }> {
  const r = await db.query(
    `SELECT ${REQUEST_COLUMNS}, count(*) OVER () AS total
       FROM requests r JOIN categories cat ON cat.id = r.category_id
      WHERE r.hazard AND r.created_at < $1 AND NOT (r.status = 'closed' AND COALESCE(r.closed_at, '-infinity') < $1)
      ORDER BY r.created_at LIMIT ${LIST_LIMIT}`,
    [at],
  );
  return { count: Number(r.rows[0]?.total ?? 0), requests: r.rows.map(toRequest) };
}

/**
 * Pending callbacks. There is no callback queue of its own: a callback is owed to the citizen of
 * a request in special follow-up (they were not satisfied) or of a request still with the unit
 * past its deadline (registered, referred, in progress: they must hear about the delay). Status
 * is the request's current one; the deadline is judged at `at`.
 */
export async function pendingCallbacks(
  db: Db,
  at: Date,
): Promise<{ count: number; specialFollowUp: number; overdue: number; requests: OpenRequest[] }> {
  const r = await db.query(
    `WITH due AS (
       SELECT ${REQUEST_COLUMNS},
              r.status = 'special-follow-up' AS follow_up,
              r.status IN ('registered', 'referred', 'in-progress', 'special-follow-up') AND r.deadline_at < $1 AS overdue
         FROM requests r JOIN categories cat ON cat.id = r.category_id
        WHERE r.created_at < $1 AND r.status <> 'closed'
          AND (r.status = 'special-follow-up' OR (r.status IN ('registered', 'referred', 'in-progress') AND r.deadline_at < $1)))
     SELECT *, count(*) OVER () AS total, count(*) FILTER (WHERE follow_up) OVER () AS follow_ups, count(*) FILTER (WHERE overdue) OVER () AS overdues
       FROM due ORDER BY hazard DESC, COALESCE(deadline_at, created_at) LIMIT ${LIST_LIMIT}`,
    [at],
  );
  const first = r.rows[0];
  return {
    count: Number(first?.total ?? 0),
    specialFollowUp: Number(first?.follow_ups ?? 0),
    overdue: Number(first?.overdues ?? 0),
    requests: r.rows.map(toRequest),
  };
}

/**
 * Time per state of every operator who was signed in during [from, to), from their state
 * intervals clipped to the window (an interval running across the shift change counts in both
 * shifts for its part in each; one still open counts up to `now`).
 */
export async function operatorTimes(
  db: Db,
  from: Date,
  to: Date,
  shift: { name: string; date: string },
): Promise<OperatorTime[]> {
  const r = await db.query<{
    operator_id: string;
    username: string;
    display_name: string;
    state: string;
    reason: string | null;
    secs: number;
  }>(
    `SELECT i.operator_id::text, u.username, u.display_name, i.state, i.reason,
            sum(EXTRACT(EPOCH FROM (LEAST(COALESCE(i.ended_at, now()), $2) - GREATEST(i.started_at, $1)))) AS secs
       FROM operator_state_intervals i JOIN operators o ON o.id = i.operator_id JOIN users u ON u.id = o.user_id
      WHERE i.started_at < $2 AND COALESCE(i.ended_at, now()) > $1 AND i.state <> 'logged-out'
      GROUP BY i.operator_id, u.username, u.display_name, i.state, i.reason`,
    [from, to],
  );
  const calls = await db.query<{ operator_id: string; n: number }>(
    `SELECT operator_id::text, count(*)::int AS n FROM calls
      WHERE shift_name = $1 AND shift_date = $2 AND answered_at IS NOT NULL AND operator_id IS NOT NULL GROUP BY operator_id`,
    [shift.name, shift.date],
  );
  const answered = new Map(calls.rows.map((x) => [x.operator_id, x.n]));
  const byOp = new Map<string, OperatorTime>();
  for (const x of r.rows) {
    let t = byOp.get(x.operator_id);
    if (!t) {
      t = {
        operatorId: x.operator_id,
        username: x.username,
        displayName: x.display_name,
        seconds: { talking: 0, ringing: 0, wrapUp: 0, paused: 0, ready: 0 },
        pausedByReason: {},
        callsAnswered: answered.get(x.operator_id) ?? 0,
      };
      byOp.set(x.operator_id, t);
    }
    const secs = Math.round(Number(x.secs));
    const key = x.state === 'wrap-up' ? 'wrapUp' : (x.state as keyof OperatorTime['seconds']);
    if (key in t.seconds) t.seconds[key] += secs;
    if (x.state === 'paused')
      t.pausedByReason[x.reason ?? 'other'] = (t.pausedByReason[x.reason ?? 'other'] ?? 0) + secs;
  }
  return [...byOp.values()].sort((a, b) => a.username.localeCompare(b.username));
}
