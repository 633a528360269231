import type { Db } from '../db/pool.ts';
import type { LiveCall, RingAttempt } from './cti-events.ts';
import type { ShiftRef } from './shifts.ts';

const ts = (ms: number | null) => (ms === null ? null : new Date(ms));

/** Insert the call once; a resync that meets the same (server, linkedid) again returns the same row. */
export async function upsertCall(db: Db, c: LiveCall, shift: ShiftRef, phone: string | null): Promise<string> {
  const r = await db.query<{ id: string }>(
    `WITH cit AS (
       INSERT INTO citizens (phone_e164) SELECT $4 WHERE $4::text IS NOT NULL
       ON CONFLICT (phone_e164) DO UPDATE SET phone_e164 = EXCLUDED.phone_e164 RETURNING id)
     INSERT INTO calls (server_id, linkedid, caller_channel, caller_phone, caller_raw, caller_name, citizen_id, entered_at, shift_name, shift_date)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT id FROM cit), $7, $8, $9)
     ON CONFLICT (server_id, linkedid) DO UPDATE SET caller_channel = COALESCE(calls.caller_channel, EXCLUDED.caller_channel)
     RETURNING id::text`,
    [c.serverId, c.linkedid, c.callerChannel || null, phone, c.callerNum || null, c.callerName || null, ts(c.enteredAt), shift.name, shift.date],
  );
  return r.rows[0]!.id;
}

/** Write the call's current facts; called at each milestone, so a crash loses at most the last step. */
export async function updateCall(db: Db, id: string, c: LiveCall, operatorId: string | null): Promise<void> {
  await db.query(
    `UPDATE calls SET queue = $2, queued_at = $3, answered_at = $4, ended_at = $5, member_interface = $6, member_name = $7,
            operator_id = COALESCE($8, operator_id), end_reason = $9, wait_seconds = $10, talk_seconds = $11,
            ivr_choice = COALESCE($12, ivr_choice), hazard = hazard OR $13
      WHERE id = $1`,
    [
      id,
      c.queue,
      ts(c.queuedAt),
      ts(c.answeredAt),
      ts(c.endedAt),
      c.memberInterface,
      c.memberName,
      operatorId,
      c.endReason,
      c.waitSeconds,
      c.talkSeconds,
      c.ivrChoice,
      c.hazard,
    ],
  );
}

export async function insertRing(db: Db, callId: string, r: RingAttempt, operatorId: string | null): Promise<void> {
  await db.query(
    `INSERT INTO call_ring_attempts (call_id, operator_id, interface, started_at, ended_at, outcome) VALUES ($1, $2, $3, $4, $5, $6)`,
    [callId, operatorId, r.interface, ts(r.startedAt), ts(r.endedAt), r.outcome],
  );
}
