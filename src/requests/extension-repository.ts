import type { DbClient } from '../db/index.ts';
import type { Queryable } from './citizen-repository.ts';
import type { Basis } from './referral-repository.ts';

// Requests for more time (deadline_extensions): a unit asks on its current referral, a 137
// supervisor grants or refuses. At most one undecided ask per referral (deadline_extensions_pending_uq).

export type ExtensionDecision = 'granted' | 'refused';
export type ExtensionStatus = 'pending' | ExtensionDecision;

/** An ask for more time as the supervisor's list shows it. */
export interface ExtensionView {
  id: string;
  requestId: string;
  trackingCode: string;
  referralId: string;
  unitId: number;
  unitFa: string;
  unitEn: string;
  hazard: boolean;
  categoryFa: string;
  categoryEn: string;
  hours: number;
  reason: string;
  requestedAt: string;
  /** Who asked (display name); requestedByUserId is their id. */
  requestedBy: string;
  requestedByUserId: string;
  /** The referral's deadline now (after a grant: the new one). */
  deadlineAt: string;
  status: ExtensionStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

interface ViewRow {
  id: string;
  request_id: string;
  tracking_code: string;
  referral_id: string;
  unit_id: number;
  unit_fa: string;
  unit_en: string;
  hazard: boolean;
  category_fa: string;
  category_en: string;
  hours: number;
  reason: string;
  requested_at: Date;
  requested_by: string;
  requested_by_user_id: string;
  deadline_at: Date;
  decision: ExtensionDecision | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
}

const VIEW_SELECT = `SELECT x.id::text, x.request_id::text, r.tracking_code, x.referral_id::text, f.unit_id,
       u.name_fa AS unit_fa, u.name_en AS unit_en, r.hazard, c.name_fa AS category_fa, c.name_en AS category_en,
       x.hours, x.reason, x.requested_at, q.display_name AS requested_by, x.requested_by::text AS requested_by_user_id,
       f.deadline_at, x.decision, x.decided_at, d.display_name AS decided_by, x.decision_note
  FROM deadline_extensions x
  JOIN referrals f ON f.id = x.referral_id
  JOIN requests r ON r.id = x.request_id
  JOIN categories c ON c.id = r.category_id
  JOIN units u ON u.id = f.unit_id
  JOIN users q ON q.id = x.requested_by
  LEFT JOIN users d ON d.id = x.decided_by`;

function toView(r: ViewRow): ExtensionView {
  return {
    id: r.id,
    requestId: r.request_id,
    trackingCode: r.tracking_code,
    referralId: r.referral_id,
    unitId: r.unit_id,
    unitFa: r.unit_fa,
    unitEn: r.unit_en,
    hazard: r.hazard,
    categoryFa: r.category_fa,
    categoryEn: r.category_en,
    hours: r.hours,
    reason: r.reason,
    requestedAt: r.requested_at.toISOString(),
    requestedBy: r.requested_by,
    requestedByUserId: r.requested_by_user_id,
    deadlineAt: r.deadline_at.toISOString(),
    status: r.decision ?? 'pending',
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
    decisionNote: r.decision_note,
  };
}

export async function extensionView(db: Queryable, id: string): Promise<ExtensionView | null> {
  const r = await db.query<ViewRow>(`${VIEW_SELECT} WHERE x.id = $1`, [id]);
  return r.rows[0] ? toView(r.rows[0]) : null;
}

/**
 * Pending asks oldest first (the longest waiting is answered first), decided ones newest first.
 * Pending ones on a referral that has since ended are left out: nothing is left to extend.
 */
export async function listExtensions(
  db: Queryable,
  status: ExtensionStatus | 'all',
  limit: number,
): Promise<ExtensionView[]> {
  const where =
    status === 'pending'
      ? `x.decision IS NULL AND f.ended_at IS NULL`
      : status === 'all'
        ? `true`
        : `x.decision = '${status === 'granted' ? 'granted' : 'refused'}'`;
  const order =
    status === 'pending' ? `x.requested_at, x.id` : `coalesce(x.decided_at, x.requested_at) DESC, x.id DESC`;
  const r = await db.query<ViewRow>(`${VIEW_SELECT} WHERE ${where} ORDER BY ${order} LIMIT $1`, [limit]);
  return r.rows.map(toView);
}

/** Whether the referral already has an undecided ask. */
export async function hasPendingExtension(c: Queryable, referralId: string): Promise<boolean> {
  const r = await c.query(`SELECT 1 FROM deadline_extensions WHERE referral_id = $1 AND decision IS NULL`, [
    referralId,
  ]);
  return (r.rowCount ?? 0) > 0;
}

export async function insertExtension(
  c: DbClient,
  x: { requestId: string; referralId: string; hours: number; reason: string; userId: string },
): Promise<string> {
  const r = await c.query<{ id: string }>(
    `INSERT INTO deadline_extensions (request_id, referral_id, hours, reason, requested_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id::text`,
    [x.requestId, x.referralId, x.hours, x.reason, x.userId],
  );
  return r.rows[0]!.id;
}

/** The request an ask belongs to (to lock the request row first, in the order every writer uses). */
export async function extensionRequestId(db: Queryable, id: string): Promise<string | null> {
  const r = await db.query<{ request_id: string }>(`SELECT request_id::text FROM deadline_extensions WHERE id = $1`, [
    id,
  ]);
  return r.rows[0]?.request_id ?? null;
}

export interface LockedExtension {
  id: string;
  requestId: string;
  hours: number;
  decision: ExtensionDecision | null;
  referral: { id: string; requestId: string; unitId: number; deadlineAt: Date; basis: Basis; ended: boolean };
}

/** The ask and its referral, both locked until the transaction ends. */
export async function lockExtension(c: DbClient, id: string): Promise<LockedExtension | null> {
  const r = await c.query<{
    id: string;
    request_id: string;
    hours: number;
    decision: ExtensionDecision | null;
    referral_id: string;
    unit_id: number;
    deadline_at: Date;
    deadline_basis: Basis;
    ended: boolean;
  }>(
    `SELECT x.id::text, x.request_id::text, x.hours, x.decision, f.id::text AS referral_id, f.unit_id, f.deadline_at,
            f.deadline_basis, f.ended_at IS NOT NULL AS ended
       FROM deadline_extensions x JOIN referrals f ON f.id = x.referral_id
      WHERE x.id = $1
      FOR UPDATE OF x, f`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    requestId: row.request_id,
    hours: row.hours,
    decision: row.decision,
    referral: {
      id: row.referral_id,
      requestId: row.request_id,
      unitId: row.unit_id,
      deadlineAt: row.deadline_at,
      basis: row.deadline_basis,
      ended: row.ended,
    },
  };
}

export async function decideExtension(
  c: DbClient,
  id: string,
  d: { decision: ExtensionDecision; userId: string; note: string | null },
): Promise<void> {
  await c.query(
    `UPDATE deadline_extensions SET decision = $2, decided_by = $3, decided_at = now(), decision_note = $4
      WHERE id = $1 AND decision IS NULL`,
    [id, d.decision, d.userId, d.note],
  );
}
