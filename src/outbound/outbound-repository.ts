import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import type { OutboundOutcome, OutboundPurpose, OutboundRequest, OutboundStatus } from './outbound-types.ts';

// outbound_calls and outbound_daily_counts (migration 018). The claim of an attempt runs in one
// transaction under an advisory lock, so two nodes never exceed the concurrency cap or a number's
// daily limit, and one call is dialled once per attempt.

type Q = Db | DbClient;

export interface OutboundRow {
  id: string;
  purpose: OutboundPurpose;
  phone: string;
  requestId: string | null;
  callbackId: string | null;
  target: OutboundRequest['target'];
  status: OutboundStatus;
  attempts: number;
  maxAttempts: number;
  nextAt: Date | null;
  actionId: string | null;
  serverId: string | null;
  channel: string | null;
  linkedid: string | null;
}

interface Row {
  id: string;
  purpose: OutboundPurpose;
  phone: string;
  request_id: string | null;
  callback_id: string | null;
  target: OutboundRequest['target'];
  status: OutboundStatus;
  attempts: number;
  max_attempts: number;
  next_at: Date | null;
  action_id: string | null;
  server_id: string | null;
  channel: string | null;
  linkedid: string | null;
}

const COLUMNS = `id::text, purpose, phone, request_id::text, callback_id, target, status, attempts, max_attempts,
  next_at, action_id, server_id, channel, linkedid`;

const toRow = (r: Row): OutboundRow => ({
  id: r.id,
  purpose: r.purpose,
  phone: r.phone,
  requestId: r.request_id,
  callbackId: r.callback_id,
  target: r.target,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAt: r.next_at,
  actionId: r.action_id,
  serverId: r.server_id,
  channel: r.channel,
  linkedid: r.linkedid,
});

/** One lock for every node's claims (pace and daily limits are global). */
const CLAIM_LOCK = 1_370_018;

export async function insertCall(db: Q, r: OutboundRequest, maxAttempts: number, nextAt: Date): Promise<string> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO outbound_calls (purpose, phone, request_id, callback_id, target, max_attempts, next_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [r.purpose, r.phone, r.requestId ?? null, r.callbackId ?? null, JSON.stringify(r.target), maxAttempts, nextAt],
  );
  return res.rows[0]!.id;
}

export async function findCall(db: Q, id: string): Promise<OutboundRow | null> {
  if (!/^\d+$/.test(id)) return null;
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM outbound_calls WHERE id = $1`, [id]);
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

/** Calls placed to the number per local date from `fromDate` on (for the daily limit). */
export async function dailyCounts(db: Q, phone: string, fromDate: string): Promise<Map<string, number>> {
  const r = await db.query<{ d: string; calls: number }>(
    `SELECT to_char(local_date, 'YYYY-MM-DD') AS d, calls FROM outbound_daily_counts WHERE phone = $1 AND local_date >= $2`,
    [phone, fromDate],
  );
  return new Map(r.rows.map((x) => [x.d, x.calls]));
}

export async function reschedule(db: Q, id: string, nextAt: Date): Promise<boolean> {
  const r = await db.query(
    `UPDATE outbound_calls SET next_at = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
    [id, nextAt],
  );
  return (r.rowCount ?? 0) > 0;
}

export type ClaimRefusal = 'gone' | 'busy-lines' | 'daily-limit';

export interface ClaimInput {
  id: string;
  /** The job's planned time: a job for an older plan of the same call does nothing. */
  plannedAt: Date | null;
  localDate: string;
  dailyLimit: number;
  maxConcurrent: number | null;
  serverId: string;
  actionId: string;
  channelId: string;
}

/** Takes the next attempt of a queued call: 'dialling', attempts + 1, the number's count for the day + 1. */
export async function claimAttempt(db: Db, c: ClaimInput): Promise<OutboundRow | ClaimRefusal> {
  return withTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CLAIM_LOCK]);
    const cur = await tx.query<Row>(`SELECT ${COLUMNS} FROM outbound_calls WHERE id = $1 FOR UPDATE`, [c.id]);
    const row = cur.rows[0];
    if (!row || row.status !== 'queued') return 'gone';
    if (c.plannedAt && row.next_at?.getTime() !== c.plannedAt.getTime()) return 'gone';
    if (c.maxConcurrent !== null) {
      const n = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbound_calls WHERE status = 'dialling'`,
      );
      if (n.rows[0]!.n >= c.maxConcurrent) return 'busy-lines';
    }
    const counted = await tx.query(
      `INSERT INTO outbound_daily_counts AS d (phone, local_date, calls) VALUES ($1, $2, 1)
       ON CONFLICT (phone, local_date) DO UPDATE SET calls = d.calls + 1 WHERE d.calls < $3`,
      [row.phone, c.localDate, c.dailyLimit],
    );
    if ((counted.rowCount ?? 0) === 0) return 'daily-limit';
    const up = await tx.query<Row>(
      `UPDATE outbound_calls SET status = 'dialling', attempts = attempts + 1, server_id = $2, action_id = $3,
         channel = $4, linkedid = NULL, dialled_at = now(), next_at = NULL, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [c.id, c.serverId, c.actionId, c.channelId],
    );
    return toRow(up.rows[0]!);
  });
}

export interface AttemptEnd {
  id: string;
  attempt: number;
  outcome: OutboundOutcome;
  reason: string | null;
  status: OutboundStatus;
  nextAt: Date | null;
  channel: string | null;
  linkedid: string | null;
}

/** Ends an attempt once (the OriginateResponse and the watchdog may both try): false if already ended. */
export async function endAttempt(db: Q, e: AttemptEnd): Promise<OutboundRow | null> {
  const r = await db.query<Row>(
    `UPDATE outbound_calls SET status = $3, last_outcome = $4, last_reason = $5, next_at = $6,
       channel = COALESCE($7, channel), linkedid = COALESCE($8, linkedid), updated_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'dialling' RETURNING ${COLUMNS}`,
    [e.id, e.attempt, e.status, e.outcome, e.reason, e.nextAt, e.channel, e.linkedid],
  );
  return r.rows[0] ? toRow(r.rows[0]) : null;
}

export async function attachChannel(
  db: Q,
  id: string,
  attempt: number,
  channel: string | null,
  linkedid: string | null,
): Promise<void> {
  await db.query(
    `UPDATE outbound_calls SET channel = COALESCE($3, channel), linkedid = COALESCE($4, linkedid), updated_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'dialling'`,
    [id, attempt, channel, linkedid],
  );
}

/** Cancels a call not yet answered; one ringing now rings out, unreported and never retried. */
/** Calls being dialled now, by every node (the shared table): /metrics. */
export async function countDialling(db: Q): Promise<number> {
  const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbound_calls WHERE status = 'dialling'`);
  return r.rows[0]!.n;
}

export async function cancelCall(db: Q, id: string): Promise<void> {
  if (!/^\d+$/.test(id)) return;
  await db.query(
    `UPDATE outbound_calls SET status = 'cancelled', next_at = NULL, updated_at = now()
     WHERE id = $1 AND status IN ('queued', 'dialling')`,
    [id],
  );
}
