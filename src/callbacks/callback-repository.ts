import type { Db } from '../db/index.ts';
import type {
  CallbackAttempt,
  CallbackCounts,
  CallbackItem,
  CallbackOutcome,
  CallbackPastCall,
  CallbackStatus,
} from './callback-types.ts';

const OPEN = `('open', 'offered', 'dialling')`;

const COLUMNS = `cb.id::text, cb.phone, cb.citizen_id::text, ci.name AS citizen_name, cb.source, cb.status, cb.abandons,
  cb.first_at, cb.last_at, cb.priority_at, cb.longest_wait_seconds, cb.next_at, cb.attempts, cb.offered_to::text,
  u.display_name AS offered_to_name, cb.last_outcome, cb.last_note, cb.closed_at`;
const FROM = `callbacks cb LEFT JOIN citizens ci ON ci.id = cb.citizen_id
  LEFT JOIN operators o ON o.id = cb.offered_to LEFT JOIN users u ON u.id = o.user_id`;

interface Row {
  id: string;
  phone: string;
  citizen_id: string | null;
  citizen_name: string | null;
  source: 'abandoned' | 'ivr-offer';
  status: CallbackStatus;
  abandons: number;
  first_at: Date;
  last_at: Date;
  priority_at: Date;
  longest_wait_seconds: number;
  next_at: Date;
  attempts: number;
  offered_to: string | null;
  offered_to_name: string | null;
  last_outcome: string | null;
  last_note: string | null;
  closed_at: Date | null;
}

export type StoredCallback = Omit<CallbackItem, 'phoneDisplay'>;

function toItem(r: Row): StoredCallback {
  return {
    id: r.id,
    phone: r.phone,
    citizenId: r.citizen_id,
    citizenName: r.citizen_name,
    source: r.source,
    status: r.status,
    abandons: r.abandons,
    firstAt: r.first_at.toISOString(),
    lastAt: r.last_at.toISOString(),
    priorityAt: r.priority_at.toISOString(),
    longestWaitSeconds: r.longest_wait_seconds,
    nextAt: r.next_at.toISOString(),
    attempts: r.attempts,
    offeredTo: r.offered_to,
    offeredToName: r.offered_to_name,
    lastOutcome: r.last_outcome,
    lastNote: r.last_note,
    closedAt: r.closed_at?.toISOString() ?? null,
  };
}

export interface NewCallback {
  phone: string;
  source: 'abandoned' | 'ivr-offer';
  callId: string | null;
  at: Date;
  priorityAt: Date;
  waitSeconds: number;
}

/** One open entry per number: a new abandon merges into it (count, last abandon, longest wait). */
export async function upsertCallback(db: Db, n: NewCallback): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO callbacks (phone, citizen_id, source, first_call_id, last_call_id, first_at, last_at, priority_at,
                            longest_wait_seconds)
     VALUES ($1, (SELECT id FROM citizens WHERE phone_e164 = $1), $2, $3, $3, $4, $4, $5, $6)
     ON CONFLICT (phone) WHERE status IN ${OPEN}
     DO UPDATE SET abandons = callbacks.abandons + 1, last_call_id = COALESCE(EXCLUDED.last_call_id, callbacks.last_call_id),
                   last_at = GREATEST(callbacks.last_at, EXCLUDED.last_at),
                   priority_at = LEAST(callbacks.priority_at, EXCLUDED.priority_at),
                   longest_wait_seconds = GREATEST(callbacks.longest_wait_seconds, EXCLUDED.longest_wait_seconds),
                   updated_at = now()
     RETURNING id::text`,
    [n.phone, n.source, n.callId, n.at, n.priorityAt, Math.round(n.waitSeconds)],
  );
  return r.rows[0]!.id;
}

export async function getCallback(db: Db, id: string): Promise<StoredCallback | null> {
  const r = await db.query<Row>(`SELECT ${COLUMNS} FROM ${FROM} WHERE cb.id = $1`, [id]);
  return r.rows[0] ? toItem(r.rows[0]) : null;
}

export async function listCallbacks(
  db: Db,
  f: { status?: CallbackStatus | 'owed'; operatorId?: string; limit: number },
): Promise<StoredCallback[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.status === 'owed') where.push(`cb.status IN ${OPEN}`);
  else if (f.status) where.push(`cb.status = $${args.push(f.status)}`);
  if (f.operatorId) where.push(`cb.offered_to = $${args.push(f.operatorId)}`);
  const r = await db.query<Row>(
    `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY cb.priority_at LIMIT $${args.push(f.limit)}`,
    args,
  );
  return r.rows.map(toItem);
}

/** The number was answered on a later call: its open entries (not one being dialled) close. */
export async function closeAnsweredLater(
  db: Db,
  phone: string,
): Promise<Array<{ id: string; offeredTo: string | null }>> {
  const r = await db.query<{ id: string; offered_to: string | null }>(
    `UPDATE callbacks SET status = 'answered-later', closed_at = now(), updated_at = now()
      WHERE phone = $1 AND status IN ('open', 'offered')
      RETURNING id::text, offered_to::text`,
    [phone],
  );
  return r.rows.map((x) => ({ id: x.id, offeredTo: x.offered_to }));
}

/** Claim the oldest due open entry for this operator (skipping rows another instance holds). */
export async function claimOldest(db: Db, operatorId: string): Promise<string | null> {
  const r = await db.query<{ id: string }>(
    `UPDATE callbacks SET status = 'offered', offered_to = $1, offered_at = now(), updated_at = now()
      WHERE id = (SELECT id FROM callbacks WHERE status = 'open' AND next_at <= now()
                   ORDER BY priority_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        AND NOT EXISTS (SELECT 1 FROM callbacks h WHERE h.status = 'offered' AND h.offered_to = $1)
      RETURNING id::text`,
    [operatorId],
  );
  return r.rows[0]?.id ?? null;
}

/** The offer this operator holds, if any. */
export async function heldBy(db: Db, operatorId: string): Promise<string | null> {
  const r = await db.query<{ id: string }>(
    `SELECT id::text FROM callbacks WHERE status = 'offered' AND offered_to = $1 LIMIT 1`,
    [operatorId],
  );
  return r.rows[0]?.id ?? null;
}

/** Give an offered entry back to the pool (the operator is no longer ready). */
export async function release(db: Db, id: string, nextAt: Date | null = null): Promise<boolean> {
  const r = await db.query(
    `UPDATE callbacks SET status = 'open', offered_to = NULL, offered_at = NULL, next_at = COALESCE($2, next_at),
            updated_at = now()
      WHERE id = $1 AND status = 'offered'`,
    [id, nextAt],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The holder pressed "Call": claimed for dialling before the phone rings (a ring must not take it back). */
export async function startDialling(db: Db, id: string, operatorId: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE callbacks SET status = 'dialling', updated_at = now() WHERE id = $1 AND status = 'offered' AND offered_to = $2`,
    [id, operatorId],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The outbound engine placed the call: one attempt more. */
export async function markDialled(db: Db, id: string, operatorId: string, outboundId: string): Promise<void> {
  await db.query(
    `WITH cb AS (UPDATE callbacks SET attempts = attempts + 1, outbound_id = $3, updated_at = now()
                  WHERE id = $1 RETURNING id)
     INSERT INTO callback_attempts (callback_id, operator_id, outbound_id) SELECT id, $2, $3 FROM cb`,
    [id, operatorId, outboundId],
  );
}

/** The dial was refused for a passing reason: the operator keeps the task. */
export async function backToOffered(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE callbacks SET status = 'offered', updated_at = now() WHERE id = $1 AND status = 'dialling'`, [
    id,
  ]);
}

/** The number may not be called now: back to the pool until `nextAt` (none: given up). */
export async function backToPool(db: Db, id: string, nextAt: Date | null): Promise<void> {
  await db.query(
    `UPDATE callbacks SET status = CASE WHEN $2::timestamptz IS NULL THEN 'gave-up' ELSE 'open' END,
            closed_at = CASE WHEN $2::timestamptz IS NULL THEN now() END,
            offered_to = NULL, offered_at = NULL, next_at = COALESCE($2, next_at), updated_at = now()
      WHERE id = $1 AND status = 'dialling'`,
    [id, nextAt],
  );
}

/** The operator's outcome of the last dial; `status` is where the entry goes next. */
export async function recordOutcome(
  db: Db,
  id: string,
  o: { outcome: CallbackOutcome; note: string | null; status: CallbackStatus; nextAt: Date | null },
): Promise<void> {
  const closed = !['open', 'offered', 'dialling'].includes(o.status);
  await db.query(
    `WITH a AS (UPDATE callback_attempts SET outcome = $2, note = $3, recorded_at = now()
                 WHERE id = (SELECT id FROM callback_attempts WHERE callback_id = $1 ORDER BY dialled_at DESC, id DESC LIMIT 1))
     UPDATE callbacks SET status = $4, last_outcome = $2, last_note = $3, next_at = COALESCE($5, next_at),
            offered_to = CASE WHEN $6 THEN offered_to ELSE NULL END, offered_at = NULL,
            closed_at = CASE WHEN $6 THEN now() ELSE NULL END, updated_at = now()
      WHERE id = $1`,
    [id, o.outcome, o.note, o.status, o.nextAt, closed],
  );
}

/** What the outbound engine said about the operator-first call (kept beside the operator's outcome). */
export async function recordLineOutcome(db: Db, outboundId: string, outcome: string): Promise<void> {
  await db.query(`UPDATE callback_attempts SET line_outcome = $2 WHERE outbound_id = $1`, [outboundId, outcome]);
}

export async function pastCallsOfPhone(db: Db, phone: string, limit: number): Promise<CallbackPastCall[]> {
  const r = await db.query<{
    id: string;
    entered_at: Date;
    answered_at: Date | null;
    end_reason: string | null;
    wait_seconds: number | null;
    operator_name: string | null;
  }>(
    `SELECT c.id::text, c.entered_at, c.answered_at, c.end_reason, c.wait_seconds, u.display_name AS operator_name
       FROM calls c LEFT JOIN operators o ON o.id = c.operator_id LEFT JOIN users u ON u.id = o.user_id
      WHERE c.caller_phone = $1 ORDER BY c.entered_at DESC LIMIT $2`,
    [phone, limit],
  );
  return r.rows.map((x) => ({
    callId: x.id,
    startedAt: x.entered_at.toISOString(),
    outcome: x.answered_at ? 'answered' : (x.end_reason ?? 'unknown'),
    waitSeconds: x.wait_seconds,
    operatorName: x.operator_name,
  }));
}

export async function attemptsOf(db: Db, id: string): Promise<CallbackAttempt[]> {
  const r = await db.query<{
    dialled_at: Date;
    operator_name: string | null;
    outcome: string | null;
    note: string | null;
  }>(
    `SELECT a.dialled_at, u.display_name AS operator_name, a.outcome, a.note
       FROM callback_attempts a LEFT JOIN operators o ON o.id = a.operator_id LEFT JOIN users u ON u.id = o.user_id
      WHERE a.callback_id = $1 ORDER BY a.dialled_at`,
    [id],
  );
  return r.rows.map((x) => ({
    dialledAt: x.dialled_at.toISOString(),
    operatorName: x.operator_name,
    outcome: x.outcome,
    note: x.note,
  }));
}

/** Owed at the end of the period (or now, while it runs); dials made and citizens reached in [from, to). */
export async function callbackCounts(db: Db, from: Date, to: Date): Promise<CallbackCounts> {
  const r = await db.query<{ owed: string; made: string; reached: string }>(
    `SELECT (SELECT count(*) FROM callbacks
              WHERE created_at < LEAST($2, now()) AND (closed_at IS NULL OR closed_at >= LEAST($2, now()))) AS owed,
            count(*) AS made, count(*) FILTER (WHERE outcome = 'reached') AS reached
       FROM callback_attempts WHERE dialled_at >= $1 AND dialled_at < $2`,
    [from, to],
  );
  const x = r.rows[0]!;
  return { owed: Number(x.owed), made: Number(x.made), reached: Number(x.reached) };
}
