import type { Db } from '../db/index.ts';

// The supervisors' look at the call records (GET /calls, /calls/:id). Rows go out as stored,
// column names included, once the route has masked the caller's number.

/** The latest calls, newest first, as the supervisors' list shows them (caller_phone is masked by the caller). */
export async function listRecentCalls(db: Db, limit: number): Promise<Array<Record<string, unknown>>> {
  const r = await db.query(
    `SELECT id::text, server_id, linkedid, queue, entered_at, answered_at, ended_at, end_reason, wait_seconds, talk_seconds, hold_seconds, transfers, member_name, shift_name, shift_date, hazard, ivr_choice, caller_phone
       FROM calls ORDER BY entered_at DESC LIMIT $1`,
    [limit],
  );
  return r.rows;
}

/** One call's record (every column) with its ring attempts in order, or null. */
export async function findCallWithRings(
  db: Db,
  id: string,
): Promise<{ call: Record<string, unknown>; rings: Array<Record<string, unknown>> } | null> {
  const r = await db.query(`SELECT c.*, c.id::text AS id FROM calls c WHERE c.id = $1`, [id]);
  const call = r.rows[0];
  if (!call) return null;
  const rings = await db.query(
    `SELECT interface, started_at, ended_at, outcome FROM call_ring_attempts WHERE call_id = $1 ORDER BY started_at`,
    [id],
  );
  return { call, rings: rings.rows };
}
