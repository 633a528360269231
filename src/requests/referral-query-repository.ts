import type { Queryable } from './citizen-repository.ts';
import type { Basis, ReferralOutcome } from './referral-repository.ts';
import type { AttachmentView, DuplicateLink, PastReferral, PendingExtension, ReferralView } from './request-types.ts';

// The parts of a request's detail that come from the back office's tables: its referrals, the
// photos attached, the unit's pending ask for more time, other reports of the same problem. And
// the referral reads the office domain schedules its escalation from.

interface ReferralViewRow {
  id: string;
  unit_id: number;
  unit_fa: string;
  unit_en: string;
  referred_at: Date;
  deadline_at: Date;
  deadline_hours: number;
  deadline_basis: Basis;
  priority: number;
  accepted_at: Date | null;
  escalation_level: number;
  note: string | null;
  ended_at: Date | null;
  outcome: ReferralOutcome | null;
  return_reason: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toView(r: ReferralViewRow): ReferralView {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitFa: r.unit_fa,
    unitEn: r.unit_en,
    referredAt: r.referred_at.toISOString(),
    deadlineAt: r.deadline_at.toISOString(),
    deadlineHours: r.deadline_hours,
    basis: r.deadline_basis,
    priority: r.priority,
    acceptedAt: iso(r.accepted_at),
    escalationLevel: r.escalation_level,
    note: r.note,
  };
}

/** Every referral of the request, oldest first (the current one, if any, last). */
export async function referralHistory(db: Queryable, requestId: string): Promise<PastReferral[]> {
  const r = await db.query<ReferralViewRow>(
    `SELECT f.id::text, f.unit_id, u.name_fa AS unit_fa, u.name_en AS unit_en, f.referred_at, f.deadline_at,
            f.deadline_hours, f.deadline_basis, f.priority, f.accepted_at, f.escalation_level, f.note,
            f.ended_at, f.outcome, f.return_reason
       FROM referrals f JOIN units u ON u.id = f.unit_id
      WHERE f.request_id = $1
      ORDER BY f.referred_at, f.id`,
    [requestId],
  );
  return r.rows.map((row) => ({
    ...toView(row),
    endedAt: iso(row.ended_at),
    outcome: row.outcome,
    returnReason: row.return_reason,
  }));
}

/** The current referral out of the history (ended_at null). */
export function currentOf(history: PastReferral[]): ReferralView | null {
  const cur = history.find((h) => h.endedAt === null);
  if (!cur) return null;
  const { endedAt: _e, outcome: _o, returnReason: _r, ...view } = cur;
  return view;
}

export async function attachmentsOf(db: Queryable, requestId: string): Promise<AttachmentView[]> {
  const r = await db.query<{ id: string; mime: string; bytes: number; created_at: Date; uploaded_by: string | null }>(
    `SELECT a.id::text, a.mime, a.bytes, a.created_at, u.display_name AS uploaded_by
       FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
      WHERE a.request_id = $1
      ORDER BY a.created_at, a.id`,
    [requestId],
  );
  return r.rows.map((a) => ({
    id: a.id,
    mime: a.mime,
    bytes: a.bytes,
    createdAt: a.created_at.toISOString(),
    uploadedBy: a.uploaded_by,
  }));
}

/** The undecided ask for more time on the request's current referral, if any. */
export async function pendingExtensionOf(db: Queryable, requestId: string): Promise<PendingExtension | null> {
  const r = await db.query<{ id: string; hours: number; reason: string; requested_at: Date }>(
    `SELECT x.id::text, x.hours, x.reason, x.requested_at
       FROM deadline_extensions x JOIN referrals f ON f.id = x.referral_id AND f.ended_at IS NULL
      WHERE x.request_id = $1 AND x.decision IS NULL
      ORDER BY x.requested_at DESC LIMIT 1`,
    [requestId],
  );
  const x = r.rows[0];
  return x ? { id: x.id, hours: x.hours, reason: x.reason, requestedAt: x.requested_at.toISOString() } : null;
}

/**
 * Other open requests of the same category at the same place (the neighbourhood, or within 300 m
 * of the map point): most likely the same problem reported apart. With `unitIds`, only those units'.
 */
export async function duplicateLinks(
  db: Queryable,
  requestId: string,
  unitIds: readonly number[] | null,
  limit = 10,
): Promise<DuplicateLink[]> {
  const r = await db.query<{
    id: string;
    tracking_code: string;
    status: string;
    created_at: Date;
    unit_id: number | null;
  }>(
    `SELECT o.id::text, o.tracking_code, o.status, o.created_at, o.unit_id
       FROM requests r JOIN requests o
         ON o.category_id = r.category_id AND o.id <> r.id AND o.status <> 'closed'
        AND (o.neighbourhood_id = r.neighbourhood_id
             OR (r.lat IS NOT NULL AND o.lat BETWEEN r.lat - 0.0027 AND r.lat + 0.0027
                 AND o.lng BETWEEN r.lng - 0.0027 / greatest(cos(radians(r.lat)), 0.01)
                                 AND r.lng + 0.0027 / greatest(cos(radians(r.lat)), 0.01)
                 AND 2 * 6371000 * asin(sqrt(power(sin(radians(o.lat - r.lat) / 2), 2)
                   + cos(radians(r.lat)) * cos(radians(o.lat)) * power(sin(radians(o.lng - r.lng) / 2), 2))) <= 300))
      WHERE r.id = $1 AND ($2::int[] IS NULL OR o.unit_id = ANY($2::int[]))
      ORDER BY o.created_at DESC, o.id DESC
      LIMIT $3`,
    [requestId, unitIds ? [...unitIds] : null, limit],
  );
  return r.rows.map((o) => ({
    id: o.id,
    trackingCode: o.tracking_code,
    status: o.status,
    createdAt: o.created_at.toISOString(),
    unitId: o.unit_id,
  }));
}

/** A referral as the office domain's escalation sees it. */
export interface ReferralState {
  id: string;
  requestId: string;
  unitId: number;
  deadlineAt: string;
  referredAt: string;
  escalationLevel: number;
  endedAt: string | null;
  trackingCode: string;
  hazard: boolean;
  status: string;
}

interface StateRow {
  id: string;
  request_id: string;
  unit_id: number;
  deadline_at: Date;
  referred_at: Date;
  escalation_level: number;
  ended_at: Date | null;
  tracking_code: string;
  hazard: boolean;
  status: string;
}

const STATE_SELECT = `SELECT f.id::text, f.request_id::text, f.unit_id, f.deadline_at, f.referred_at, f.escalation_level,
       f.ended_at, r.tracking_code, r.hazard, r.status
  FROM referrals f JOIN requests r ON r.id = f.request_id`;

const toState = (s: StateRow): ReferralState => ({
  id: s.id,
  requestId: s.request_id,
  unitId: s.unit_id,
  deadlineAt: s.deadline_at.toISOString(),
  referredAt: s.referred_at.toISOString(),
  escalationLevel: s.escalation_level,
  endedAt: iso(s.ended_at),
  trackingCode: s.tracking_code,
  hazard: s.hazard,
  status: s.status,
});

/** The request's current referral, else its latest (ended) one; null when it was never referred. */
export async function latestReferralState(db: Queryable, requestId: string): Promise<ReferralState | null> {
  const r = await db.query<StateRow>(
    `${STATE_SELECT} WHERE f.request_id = $1 ORDER BY (f.ended_at IS NULL) DESC, f.referred_at DESC, f.id DESC LIMIT 1`,
    [requestId],
  );
  return r.rows[0] ? toState(r.rows[0]) : null;
}

/** Every current referral (for rescheduling escalation at start), earliest deadline first. */
export async function openReferralStates(db: Queryable): Promise<ReferralState[]> {
  const r = await db.query<StateRow>(`${STATE_SELECT} WHERE f.ended_at IS NULL ORDER BY f.deadline_at, f.id`);
  return r.rows.map(toState);
}
