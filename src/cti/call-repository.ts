import type { Db, DbClient } from '../db/index.ts';
import type { LiveCall, RingAttempt } from './cti-events.ts';
import type { ShiftRef } from '../calendar/index.ts';

// Multi-row statements: a busy centre produces hundreds of call milestones a second, and one
// round trip per batch (not per milestone) is what keeps the CDR writer ahead of the AMI stream.

const ts = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface NewCallRow {
  call: LiveCall;
  shift: ShiftRef;
  phone: string | null;
}

/**
 * Insert calls (and their citizens) in one statement; a resync that meets the same (server,
 * Linkedid) again gets the existing row back. Returns ids in input order.
 */
export async function insertCalls(db: Db, rows: NewCallRow[]): Promise<string[]> {
  const col = <T>(f: (r: NewCallRow) => T) => rows.map(f);
  const r = await db.query<{ id: string; server_id: string; linkedid: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::date[])
         AS t(server_id, linkedid, caller_channel, caller_phone, caller_raw, caller_name, entered_at, shift_name, shift_date)
     ), cit AS (
       INSERT INTO citizens (phone_e164) SELECT DISTINCT caller_phone FROM input WHERE caller_phone IS NOT NULL
       ON CONFLICT (phone_e164) DO UPDATE SET phone_e164 = EXCLUDED.phone_e164 RETURNING id, phone_e164
     )
     INSERT INTO calls (server_id, linkedid, caller_channel, caller_phone, caller_raw, caller_name, citizen_id, entered_at, shift_name, shift_date)
     SELECT i.server_id, i.linkedid, i.caller_channel, i.caller_phone, i.caller_raw, i.caller_name, cit.id, i.entered_at, i.shift_name, i.shift_date
       FROM input i LEFT JOIN cit ON cit.phone_e164 = i.caller_phone
     ON CONFLICT (server_id, linkedid) DO UPDATE SET caller_channel = COALESCE(calls.caller_channel, EXCLUDED.caller_channel)
     RETURNING id::text, server_id, linkedid`,
    [
      col((x) => x.call.serverId),
      col((x) => x.call.linkedid),
      col((x) => x.call.callerChannel || null),
      col((x) => x.phone),
      col((x) => x.call.callerNum || null),
      col((x) => x.call.callerName || null),
      col((x) => ts(x.call.enteredAt)),
      col((x) => x.shift.name),
      col((x) => x.shift.date),
    ],
  );
  const byKey = new Map(r.rows.map((row) => [`${row.server_id}/${row.linkedid}`, row.id]));
  return rows.map((x) => byKey.get(x.call.key)!);
}

export interface CallUpdate {
  id: string;
  call: LiveCall;
  operatorId: string | null;
  /** The shift the call belongs to: the one in which it entered the queue. */
  shift: ShiftRef;
}

/**
 * Write each call's current facts; the latest snapshot of a call wins, but never erases what the
 * row already knows: a live call rebuilt after a restart of cti137 may not know everything yet
 * (NULL never overwrites a value), an answered call stays answered at its first answer (LEAST
 * skips NULLs), and hold time and transfers only grow.
 */
export async function updateCalls(db: Db, rows: CallUpdate[]): Promise<void> {
  const col = <T>(f: (r: CallUpdate) => T) => rows.map(f);
  await db.query(
    `UPDATE calls c SET queue = COALESCE(u.queue, c.queue), queued_at = COALESCE(u.queued_at, c.queued_at),
            answered_at = LEAST(c.answered_at, u.answered_at), ended_at = COALESCE(u.ended_at, c.ended_at),
            member_interface = COALESCE(u.member_interface, c.member_interface), member_name = COALESCE(u.member_name, c.member_name),
            operator_id = COALESCE(u.operator_id, c.operator_id),
            -- A live call may drop a reason (a transferred call answered again); an ended one keeps what is known.
            end_reason = CASE WHEN u.ended_at IS NULL THEN u.end_reason ELSE COALESCE(u.end_reason, c.end_reason) END,
            wait_seconds = COALESCE(u.wait_seconds, c.wait_seconds),
            talk_seconds = COALESCE(u.talk_seconds, c.talk_seconds),
            ivr_choice = COALESCE(u.ivr_choice, c.ivr_choice), hazard = c.hazard OR u.hazard,
            hold_seconds = GREATEST(c.hold_seconds, u.hold_seconds), transfers = GREATEST(c.transfers, u.transfers),
            shift_name = u.shift_name, shift_date = u.shift_date
       FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::bigint[],
                   $9::text[], $10::int[], $11::int[], $12::text[], $13::bool[], $14::int[], $15::int[], $16::text[], $17::date[])
         AS u(id, queue, queued_at, answered_at, ended_at, member_interface, member_name, operator_id, end_reason, wait_seconds, talk_seconds, ivr_choice, hazard,
              hold_seconds, transfers, shift_name, shift_date)
      WHERE c.id = u.id`,
    [
      col((x) => x.id),
      col((x) => x.call.queue),
      col((x) => ts(x.call.queuedAt)),
      col((x) => ts(x.call.answeredAt)),
      col((x) => ts(x.call.endedAt)),
      col((x) => x.call.memberInterface),
      col((x) => x.call.memberName),
      col((x) => x.operatorId),
      col((x) => x.call.endReason),
      col((x) => x.call.waitSeconds),
      col((x) => x.call.talkSeconds),
      col((x) => x.call.ivrChoice),
      col((x) => x.call.hazard),
      col((x) => x.call.holdSeconds),
      col((x) => x.call.transfers),
      col((x) => x.shift.name),
      col((x) => x.shift.date),
    ],
  );
}

export interface RingRow {
  callId: string;
  ring: RingAttempt;
  operatorId: string | null;
}

export async function insertRings(db: Db, rows: RingRow[]): Promise<void> {
  const col = <T>(f: (r: RingRow) => T) => rows.map(f);
  await db.query(
    `INSERT INTO call_ring_attempts (call_id, operator_id, interface, started_at, ended_at, outcome)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[])`,
    [
      col((x) => x.callId),
      col((x) => x.operatorId),
      col((x) => x.ring.interface),
      col((x) => ts(x.ring.startedAt)),
      col((x) => ts(x.ring.endedAt)),
      col((x) => x.ring.outcome),
    ],
  );
}

// Reads of call records for other domains (requests, the desk's screen-pop, the IVR's survey).

/** The caller of a recorded call (E.164, or null for a hidden number); null for an unknown call. */
export async function findCallCaller(
  db: Db | DbClient,
  callId: string,
): Promise<{ citizenId: string | null; phone: string | null } | null> {
  const r = await db.query<{ citizen_id: number | null; caller_phone: string | null }>(
    `SELECT citizen_id, caller_phone FROM calls WHERE id = $1`,
    [callId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { citizenId: row.citizen_id == null ? null : String(row.citizen_id), phone: row.caller_phone };
}

/** A call's record as stored, for a survey whose live call the tracker no longer holds. */
export interface StoredCallFacts {
  id: string;
  endReason: string | null;
  memberInterface: string | null;
  enteredMs: number;
}

export async function findCallByLinkedid(db: Db, serverId: string, linkedid: string): Promise<StoredCallFacts | null> {
  const r = await db.query<{
    id: string;
    end_reason: string | null;
    member_interface: string | null;
    entered_ms: number;
  }>(
    `SELECT id::text, end_reason, member_interface, (extract(epoch FROM entered_at) * 1000)::float8 AS entered_ms
       FROM calls WHERE server_id = $1 AND linkedid = $2`,
    [serverId, linkedid],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { id: row.id, endReason: row.end_reason, memberInterface: row.member_interface, enteredMs: row.entered_ms };
}

/** One earlier call of a citizen, with the operator who took it and the survey's first scored answer. */
export interface CitizenCallRow {
  id: string;
  enteredAt: Date;
  operatorId: string | null;
  operatorName: string | null;
  endReason: string | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  score: number | null;
}

/** A citizen's calls, newest first (the screen-pop's history): one indexed query. */
export async function pastCallsOfCitizen(db: Db, citizenId: string, limit: number): Promise<CitizenCallRow[]> {
  const r = await db.query<{
    id: string;
    entered_at: Date;
    operator_id: string | null;
    operator_name: string | null;
    end_reason: string | null;
    answered_at: Date | null;
    ended_at: Date | null;
    score: number | null;
  }>(
    `SELECT c.id::text, c.entered_at, c.operator_id::text AS operator_id, u.display_name AS operator_name, c.end_reason, c.answered_at, c.ended_at,
            (SELECT a.value FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
              WHERE a.response_id = s.id AND q.scored ORDER BY q.position LIMIT 1) AS score
       FROM calls c
       LEFT JOIN operators o ON o.id = c.operator_id
       LEFT JOIN users u ON u.id = o.user_id
       LEFT JOIN survey_responses s ON s.call_id = c.id
      WHERE c.citizen_id = $1
      ORDER BY c.entered_at DESC
      LIMIT $2`,
    [citizenId, limit],
  );
  return r.rows.map((row) => ({
    id: row.id,
    enteredAt: row.entered_at,
    operatorId: row.operator_id,
    operatorName: row.operator_name,
    endReason: row.end_reason,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    score: row.score,
  }));
}
