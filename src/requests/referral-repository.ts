import type { DbClient } from '../db/index.ts';
import type { Queryable } from './citizen-repository.ts';
import type { EventWith } from './request-repository.ts';
import type { RequestStatus } from './request-types.ts';

// Writes and locked reads of referrals: each sending of a request to a unit. At most one is
// current (ended_at NULL, enforced by referrals_current_uq); the request row mirrors its unit and
// deadline so that the worklist and the overdue checks read one table.

export type Basis = 'working' | 'calendar';
export type ReferralOutcome = 'done' | 'returned' | 're-referred' | 'closed';

export interface ReferralRow {
  id: string;
  requestId: string;
  unitId: number;
  referredAt: Date;
  deadlineAt: Date;
  deadlineHours: number;
  basis: Basis;
  priority: number;
  acceptedAt: Date | null;
  escalationLevel: number;
}

interface RawReferral {
  id: string;
  request_id: string;
  unit_id: number;
  referred_at: Date;
  deadline_at: Date;
  deadline_hours: number;
  deadline_basis: Basis;
  priority: number;
  accepted_at: Date | null;
  escalation_level: number;
}

const toRow = (r: RawReferral): ReferralRow => ({
  id: String(r.id),
  requestId: String(r.request_id),
  unitId: r.unit_id,
  referredAt: r.referred_at,
  deadlineAt: r.deadline_at,
  deadlineHours: r.deadline_hours,
  basis: r.deadline_basis,
  priority: r.priority,
  acceptedAt: r.accepted_at,
  escalationLevel: r.escalation_level,
});

const REFERRAL_COLUMNS = `id::text, request_id::text, unit_id, referred_at, deadline_at, deadline_hours, deadline_basis,
  priority, accepted_at, escalation_level`;

/** The transaction's clock: a referral made at registration starts when the request was created. */
export async function transactionNow(c: DbClient): Promise<Date> {
  const r = await c.query<{ now: Date }>(`SELECT now() AS now`);
  return r.rows[0]!.now;
}

/** The current referral, locked (the request row is locked first by the caller). */
export async function lockCurrentReferral(c: DbClient, requestId: string): Promise<ReferralRow | null> {
  const r = await c.query<RawReferral>(
    `SELECT ${REFERRAL_COLUMNS} FROM referrals WHERE request_id = $1 AND ended_at IS NULL FOR UPDATE`,
    [requestId],
  );
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

/** The priority of the request's latest referral (0 when it never had one). */
export async function latestPriority(c: Queryable, requestId: string): Promise<number> {
  const r = await c.query<{ priority: number }>(
    `SELECT priority FROM referrals WHERE request_id = $1 ORDER BY referred_at DESC, id DESC LIMIT 1`,
    [requestId],
  );
  return r.rows[0]?.priority ?? 0;
}

export interface NewReferral {
  requestId: string;
  unitId: number;
  /** null: made automatically at registration. */
  referredBy: string | null;
  referredAt: Date;
  deadlineAt: Date;
  deadlineHours: number;
  basis: Basis;
  priority: number;
  note: string | null;
}

const INSERT_REFERRAL = `INSERT INTO referrals (request_id, unit_id, referred_by, referred_at, deadline_at, deadline_hours,
                                    deadline_basis, priority, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`;

// With its 'referred' history: the event (its details given, plus the new referralId) and its
// audit row in the same statement, as insertEvent writes them (one round trip instead of two).
const INSERT_REFERRED = `WITH f AS (${INSERT_REFERRAL}),
     e AS (
       INSERT INTO request_events (request_id, kind, note, user_id, details)
       SELECT $1, 'referred', NULL, $10, $11::jsonb || jsonb_build_object('referralId', f.id::text) FROM f
       RETURNING id, details),
     a AS (
       INSERT INTO audit_log (user_id, action, target, details)
       SELECT $10, 'request-referred', 'request:' || $1, jsonb_build_object('eventId', e.id) || e.details FROM e)
     SELECT id::text FROM f`;

/** A new referral; with `referred`, its 'referred' event too (details get the referralId). */
export async function insertReferral(c: DbClient, n: NewReferral, referred?: EventWith): Promise<string> {
  const values: unknown[] = [
    n.requestId,
    n.unitId,
    n.referredBy,
    n.referredAt,
    n.deadlineAt,
    n.deadlineHours,
    n.basis,
    n.priority,
    n.note,
  ];
  // Prepared once per connection: every registration runs it.
  const r = await c.query<{ id: string }>(
    referred
      ? {
          name: 'requests-insert-referred',
          text: INSERT_REFERRED,
          values: [...values, referred.userId, JSON.stringify(referred.details)],
        }
      : { name: 'requests-insert-referral', text: INSERT_REFERRAL, values },
  );
  return String(r.rows[0]!.id);
}

/** Ends a referral; 'done' also stamps done_at. */
export async function endReferral(
  c: DbClient,
  referralId: string,
  outcome: ReferralOutcome,
  returnReason: string | null = null,
): Promise<void> {
  await c.query(
    `UPDATE referrals SET ended_at = now(), outcome = $2, return_reason = $3,
            done_at = CASE WHEN $2 = 'done' THEN now() ELSE done_at END
      WHERE id = $1 AND ended_at IS NULL`,
    [referralId, outcome, returnReason],
  );
}

/** The unit took it on; the first acceptance counts. */
export async function acceptReferral(c: DbClient, referralId: string, userId: string): Promise<void> {
  await c.query(`UPDATE referrals SET accepted_at = now(), accepted_by = $2 WHERE id = $1 AND accepted_at IS NULL`, [
    referralId,
    userId,
  ]);
}

/**
 * A later deadline for the current referral (more time granted). The escalation starts again from
 * nothing when the new deadline is still ahead; the request row follows.
 */
export async function moveReferralDeadline(
  c: DbClient,
  ref: { id: string; requestId: string },
  deadlineAt: Date,
  addedHours: number,
): Promise<void> {
  await c.query(
    `UPDATE referrals SET deadline_at = $2, deadline_hours = LEAST(deadline_hours + $3, 2160),
            escalation_level = CASE WHEN $2 > now() THEN 0 ELSE escalation_level END
      WHERE id = $1`,
    [ref.id, deadlineAt, addedHours],
  );
  await c.query(`UPDATE requests SET deadline_at = $2 WHERE id = $1`, [ref.requestId, deadlineAt]);
}

/** The request row mirrors its current referral: status, unit, when referred, the deadline. */
export async function mirrorReferral(
  c: DbClient,
  requestId: string,
  m: { status: RequestStatus; unitId: number; referredAt: Date; deadlineAt: Date },
): Promise<void> {
  await c.query(`UPDATE requests SET status = $2, unit_id = $3, referred_at = $4, deadline_at = $5 WHERE id = $1`, [
    requestId,
    m.status,
    m.unitId,
    m.referredAt,
    m.deadlineAt,
  ]);
}

/** Whether any of these units holds the request now, or held it before (read-only then). */
export async function unitsReferral(
  db: Queryable,
  requestId: string,
  unitIds: readonly number[],
): Promise<{ current: boolean; past: boolean }> {
  if (!unitIds.length) return { current: false, past: false };
  const r = await db.query<{ current: boolean; past: boolean }>(
    `SELECT coalesce(bool_or(ended_at IS NULL), false) AS current, coalesce(bool_or(ended_at IS NOT NULL), false) AS past
       FROM referrals WHERE request_id = $1 AND unit_id = ANY($2::int[])`,
    [requestId, [...unitIds]],
  );
  return r.rows[0] ?? { current: false, past: false };
}

/** The attachments among `ids` that belong to this request and are not yet tied to an event. */
export async function claimAttachments(
  c: DbClient,
  requestId: string,
  ids: readonly string[],
  eventId: string,
): Promise<number> {
  if (!ids.length) return 0;
  const r = await c.query(
    `UPDATE attachments SET event_id = $3 WHERE request_id = $1 AND id = ANY($2::uuid[]) AND event_id IS NULL`,
    [requestId, [...ids], eventId],
  );
  return r.rowCount ?? 0;
}

/** Raises a referral's escalation level, never lowers it; true when this call changed it (once-only guard). */
export async function raiseEscalationLevel(db: Queryable, referralId: string, level: number): Promise<boolean> {
  const r = await db.query(`UPDATE referrals SET escalation_level = $2 WHERE id = $1 AND escalation_level < $2`, [
    referralId,
    level,
  ]);
  return (r.rowCount ?? 0) > 0;
}
