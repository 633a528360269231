import type { Db, DbClient } from '../db/index.ts';

// Per-operator figures from the call records and the state intervals, for other domains' reports:
// survey reach (survey) and the shift hand-over (shifts).

/** An operator's answered calls over a period, and how many of them ended by a transfer or an early hang-up. */
export interface AnsweredCalls {
  answered: number;
  transferredOut: number;
  earlyHangups: number;
}

/** Answered, transferred-out and early-hang-up calls per operator (the one who talked last) over shift dates and a shift. */
export async function answeredCallsByOperator(
  db: Db | DbClient,
  q: { from?: string; to?: string; shift?: string; earlyHangupSeconds: number },
): Promise<Map<string, AnsweredCalls>> {
  const r = await db.query<{ operator_id: string; answered: number; transferred_out: number; early_hangups: number }>(
    `SELECT operator_id::text,
            count(*)::int AS answered,
            count(*) FILTER (WHERE end_reason = 'transferred')::int AS transferred_out,
            count(*) FILTER (WHERE end_reason = 'agent-hangup' AND talk_seconds < $4)::int AS early_hangups
       FROM calls
      WHERE operator_id IS NOT NULL AND answered_at IS NOT NULL
        AND ($1::date IS NULL OR shift_date >= $1) AND ($2::date IS NULL OR shift_date <= $2)
        AND ($3::text IS NULL OR shift_name = $3)
      GROUP BY operator_id`,
    [q.from ?? null, q.to ?? null, q.shift ?? null, q.earlyHangupSeconds],
  );
  return new Map(
    r.rows.map((x) => [
      x.operator_id,
      { answered: x.answered, transferredOut: x.transferred_out, earlyHangups: x.early_hangups },
    ]),
  );
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

interface StateSeconds {
  operator_id: string;
  username: string;
  display_name: string;
  state: string;
  reason: string | null;
  secs: number;
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
  const r = await db.query<StateSeconds>(
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
  return sumPerOperator(r.rows, answered);
}

/** Pure: one OperatorTime per operator from their per-state sums, by username. */
function sumPerOperator(rows: StateSeconds[], answered: Map<string, number>): OperatorTime[] {
  const byOp = new Map<string, OperatorTime>();
  for (const x of rows) {
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
