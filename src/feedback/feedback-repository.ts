import type { Db } from '../db/index.ts';

// The feedback tables (migration 021). A request's own columns are read here only for what the
// call needs: the citizen's number to dial, the tracking code and category group to read out.

export type FeedbackKind = 'feedback' | 'closure';
export type AnswerKind = FeedbackKind | 'reopen';
export type AnswerVia = 'ivr' | 'staff' | 'sms' | 'web';

export interface CallFacts {
  requestId: string;
  trackingCode: string;
  status: string;
  /** E.164, null for a hidden-number caller who gave no number. */
  phone: string | null;
  /** The category's top-level group code (the IVR has a prompt per group). */
  categoryGroup: string;
  categoryFa: string;
}

export async function callFacts(db: Db, requestId: string): Promise<CallFacts | null> {
  const r = await db.query<{
    tracking_code: string;
    status: string;
    phone: string | null;
    grp: string;
    name_fa: string;
  }>(
    `SELECT r.tracking_code, r.status, ci.phone_e164 AS phone, COALESCE(p.code, c.code) AS grp, c.name_fa
       FROM requests r
       JOIN categories c ON c.id = r.category_id
       LEFT JOIN categories p ON p.id = c.parent_id
       LEFT JOIN citizens ci ON ci.id = r.citizen_id
      WHERE r.id = $1`,
    [requestId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    requestId,
    trackingCode: row.tracking_code,
    status: row.status,
    phone: row.phone,
    categoryGroup: row.grp,
    categoryFa: row.name_fa,
  };
}

/** True once the citizen has said "not fixed" (or staff sent it to special follow-up): the next done needs a closure check. */
export async function hadSpecialFollowUp(db: Db, requestId: string): Promise<boolean> {
  const r = await db.query(
    `SELECT 1 FROM request_events WHERE request_id = $1 AND kind = 'special-follow-up' LIMIT 1`,
    [requestId],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function insertCall(
  db: Db,
  requestId: string,
  kind: FeedbackKind,
  dueAt: Date,
  state: 'scheduled' | 'no-phone',
): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO feedback_calls (request_id, kind, due_at, state, ended_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $4 = 'no-phone' THEN now() END) RETURNING id::text`,
    [requestId, kind, dueAt, state],
  );
  return r.rows[0]!.id;
}

export async function setOutboundId(db: Db, callId: string, outboundId: string): Promise<void> {
  await db.query(`UPDATE feedback_calls SET outbound_id = $2 WHERE id = $1`, [callId, outboundId]);
}

/** Still-scheduled rounds of a request (a newer done, or an answer taken by hand, supersedes them). */
export async function cancelScheduled(db: Db, requestId: string): Promise<string[]> {
  const r = await db.query<{ outbound_id: string | null }>(
    `UPDATE feedback_calls SET state = 'cancelled', ended_at = now()
      WHERE request_id = $1 AND state = 'scheduled' RETURNING outbound_id`,
    [requestId],
  );
  return r.rows.map((x) => x.outbound_id).filter((x): x is string => x !== null);
}

export interface CallRow {
  id: string;
  requestId: string;
  kind: FeedbackKind;
  state: string;
}

export async function callByOutboundId(db: Db, outboundId: string): Promise<CallRow | null> {
  const r = await db.query<{ id: string; request_id: string; kind: FeedbackKind; state: string }>(
    `SELECT id::text, request_id::text, kind, state FROM feedback_calls WHERE outbound_id = $1`,
    [outboundId],
  );
  const x = r.rows[0];
  return x ? { id: x.id, requestId: x.request_id, kind: x.kind, state: x.state } : null;
}

/** The latest round of this request and kind (the IVR's call names the request, not the round). */
export async function latestCall(db: Db, requestId: string, kind: FeedbackKind): Promise<CallRow | null> {
  const r = await db.query<{ id: string; state: string }>(
    `SELECT id::text, state FROM feedback_calls WHERE request_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1`,
    [requestId, kind],
  );
  const x = r.rows[0];
  return x ? { id: x.id, requestId, kind, state: x.state } : null;
}

export async function recordAttempt(db: Db, call: CallRow, attempt: number, outcome: string): Promise<void> {
  await db.query(
    `INSERT INTO feedback_attempts (feedback_call_id, request_id, attempt, outcome) VALUES ($1, $2, $3, $4)
     ON CONFLICT (feedback_call_id, attempt) DO UPDATE SET outcome = EXCLUDED.outcome`,
    [call.id, call.requestId, attempt, outcome],
  );
}

/** How many times the round has dialled so far (the answer's attempt number). */
export async function attemptsOf(db: Db, callId: string): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT COALESCE(max(attempt), 0)::int AS n FROM feedback_attempts WHERE feedback_call_id = $1`,
    [callId],
  );
  return r.rows[0]!.n;
}

export async function endCall(db: Db, callId: string, state: 'answered' | 'unreached'): Promise<void> {
  await db.query(
    `UPDATE feedback_calls SET state = $2, ended_at = now() WHERE id = $1 AND state IN ('scheduled', 'unreached')`,
    [callId, state],
  );
}

export interface AnswerRow {
  requestId: string;
  callId: string | null;
  kind: AnswerKind;
  via: AnswerVia;
  resolved: boolean;
  rating: number | null;
  userId: string | null;
}

/** The answer's id; null when this call's answer (taken in the IVR) is stored already. */
export async function insertAnswer(db: Db, a: AnswerRow): Promise<string | null> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO feedback_answers (request_id, feedback_call_id, kind, via, resolved, rating, user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (feedback_call_id) WHERE via = 'ivr' AND feedback_call_id IS NOT NULL DO NOTHING
     RETURNING id::text`,
    [a.requestId, a.callId, a.kind, a.via, a.resolved, a.rating, a.userId],
  );
  return r.rows[0]?.id ?? null;
}

/** Opens the request's feedback task unless one is open already. */
export async function openTask(
  db: Db,
  requestId: string,
  callId: string | null,
  kind: FeedbackKind,
  reason: 'unreached' | 'no-phone' | 'no-input',
): Promise<boolean> {
  const r = await db.query(
    `INSERT INTO feedback_tasks (request_id, feedback_call_id, kind, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (request_id) WHERE done_at IS NULL DO NOTHING`,
    [requestId, callId, kind, reason],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function closeTasks(db: Db, requestId: string, userId: string | null): Promise<void> {
  await db.query(`UPDATE feedback_tasks SET done_at = now(), done_by = $2 WHERE request_id = $1 AND done_at IS NULL`, [
    requestId,
    userId,
  ]);
}

export interface FeedbackTask {
  id: string;
  requestId: string;
  trackingCode: string;
  status: string;
  kind: FeedbackKind;
  reason: string;
  categoryFa: string;
  categoryEn: string;
  createdAt: string;
}

/** Open tasks, oldest first. No phone number: the operator opens the request (an audited look) to call. */
export async function openTasks(db: Db, limit: number): Promise<FeedbackTask[]> {
  const r = await db.query<{
    id: string;
    request_id: string;
    tracking_code: string;
    status: string;
    kind: FeedbackKind;
    reason: string;
    name_fa: string;
    name_en: string;
    created_at: Date;
  }>(
    `SELECT t.id::text, t.request_id::text, r.tracking_code, r.status, t.kind, t.reason, c.name_fa, c.name_en, t.created_at
       FROM feedback_tasks t JOIN requests r ON r.id = t.request_id JOIN categories c ON c.id = r.category_id
      WHERE t.done_at IS NULL ORDER BY t.created_at, t.id LIMIT $1`,
    [limit],
  );
  return r.rows.map((x) => ({
    id: x.id,
    requestId: x.request_id,
    trackingCode: x.tracking_code,
    status: x.status,
    kind: x.kind,
    reason: x.reason,
    categoryFa: x.name_fa,
    categoryEn: x.name_en,
    createdAt: x.created_at.toISOString(),
  }));
}
