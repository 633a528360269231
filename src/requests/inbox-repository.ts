import type { Queryable } from './citizen-repository.ts';
import type { RequestStatus } from './request-types.ts';

// A unit's inbox: its referrals, read through referrals_unit_open_idx (open ones by deadline) and
// migration 016's index on ended referrals. Keyset paging on the view's order; the cursor carries
// timestamps in whole microseconds (a JS Date keeps milliseconds and would skip or repeat rows).

export type InboxView = 'open' | 'done' | 'returned' | 'all';

export interface InboxCursor {
  /** open view only: the row's "not a hazard" flag (hazards come first). */
  notHazard?: boolean;
  /** The sort timestamp in microseconds since the epoch: deadline (open), end (done/returned), referral (all). */
  us: string;
  /** The referral id. */
  id: string;
}

export interface InboxFilter {
  unitIds: number[];
  view: InboxView;
  after?: InboxCursor | undefined;
  limit: number;
}

/** One row of a unit's inbox: where, what and by when — no phone number and no name. */
export interface InboxItem {
  id: string;
  trackingCode: string;
  status: RequestStatus;
  categoryFa: string;
  categoryEn: string;
  neighbourhoodFa: string | null;
  neighbourhoodEn: string | null;
  districtFa: string | null;
  districtEn: string | null;
  address: string | null;
  /** The citizen's words, at most 160 characters ("…" when cut). */
  descriptionExcerpt: string;
  hazard: boolean;
  referralId: string;
  referredAt: string;
  deadlineAt: string;
  acceptedAt: string | null;
  /** When this referral ended (done, returned, referred elsewhere), null while it is open. */
  endedAt: string | null;
  outcome: 'done' | 'returned' | 're-referred' | 'closed' | null;
  overdue: boolean;
  priority: number;
  reporters: number;
  unitId: number;
  unitFa: string;
  unitEn: string;
  pendingExtension: boolean;
}

export interface InboxCounters {
  /** Open and not yet taken on (referred, or sent back for special follow-up). */
  new: number;
  inProgress: number;
  overdue: number;
  /** Still ahead but due before midnight in the centre's zone. */
  dueToday: number;
  extensionsPending: number;
  /** Every open referral of the units. */
  total: number;
}

export const EXCERPT_MAX = 160;

const us = (col: string) => `((extract(epoch FROM ${col}) * 1000000)::bigint)::text`;
const fromUs = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

/** The view's rows, its order and the sort key the cursor keeps. */
function viewSql(view: InboxView): { where: string; order: string; key: string } {
  // For done/returned/all: only the unit's latest referral of each request, so a request sent back
  // to the same unit twice is one row, and one that is open again is no longer "done".
  const latest = `NOT EXISTS (SELECT 1 FROM referrals l WHERE l.request_id = f.request_id
                     AND l.unit_id = ANY($1::int[]) AND l.id > f.id)`;
  if (view === 'open')
    return { where: 'f.ended_at IS NULL', order: 'NOT r.hazard, f.deadline_at, f.id', key: 'f.deadline_at' };
  if (view === 'all') return { where: latest, order: 'f.referred_at DESC, f.id DESC', key: 'f.referred_at' };
  return {
    where: `f.outcome = '${view === 'done' ? 'done' : 'returned'}' AND ${latest}`,
    order: 'f.ended_at DESC, f.id DESC',
    key: 'f.ended_at',
  };
}

/** The query of one page (exported so that a test can EXPLAIN what the route runs). */
export function inboxSql(f: InboxFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [f.unitIds];
  const p = (v: unknown): string => `$${values.push(v)}`;
  const v = viewSql(f.view);
  const where = ['f.unit_id = ANY($1::int[])', v.where];
  if (f.after && f.view === 'open')
    where.push(
      `(NOT r.hazard, f.deadline_at, f.id) > (${p(f.after.notHazard ?? false)}::boolean, ${fromUs(p(f.after.us))}, ${p(f.after.id)}::bigint)`,
    );
  else if (f.after) where.push(`(${v.key}, f.id) < (${fromUs(p(f.after.us))}, ${p(f.after.id)}::bigint)`);
  const text = `SELECT r.id::text, r.tracking_code, r.status, r.hazard, r.reporters, r.address,
      left(r.description, ${EXCERPT_MAX + 1}) AS description,
      c.name_fa AS category_fa, c.name_en AS category_en,
      n.name_fa AS neighbourhood_fa, n.name_en AS neighbourhood_en, d.name_fa AS district_fa, d.name_en AS district_en,
      f.id::text AS referral_id, f.unit_id, u.name_fa AS unit_fa, u.name_en AS unit_en, f.referred_at, f.deadline_at,
      f.accepted_at, f.ended_at, f.outcome, f.priority,
      (f.ended_at IS NULL AND f.deadline_at < now()) AS overdue,
      EXISTS (SELECT 1 FROM deadline_extensions x WHERE x.referral_id = f.id AND x.decision IS NULL) AS pending_extension,
      ${us(v.key)} AS sort_us
    FROM referrals f
    JOIN requests r ON r.id = f.request_id
    JOIN categories c ON c.id = r.category_id
    JOIN units u ON u.id = f.unit_id
    LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
    LEFT JOIN districts d ON d.id = n.district_id
    WHERE ${where.join(' AND ')}
    ORDER BY ${v.order}
    LIMIT ${p(f.limit + 1)}`;
  return { text, values };
}

interface Row {
  id: string;
  tracking_code: string;
  status: RequestStatus;
  hazard: boolean;
  reporters: number;
  address: string | null;
  description: string;
  category_fa: string;
  category_en: string;
  neighbourhood_fa: string | null;
  neighbourhood_en: string | null;
  district_fa: string | null;
  district_en: string | null;
  referral_id: string;
  unit_id: number;
  unit_fa: string;
  unit_en: string;
  referred_at: Date;
  deadline_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
  outcome: InboxItem['outcome'];
  priority: number;
  overdue: boolean;
  pending_extension: boolean;
  sort_us: string;
}

const excerpt = (s: string) => (s.length > EXCERPT_MAX ? `${s.slice(0, EXCERPT_MAX - 1)}…` : s);

function toItem(r: Row): InboxItem {
  return {
    id: r.id,
    trackingCode: r.tracking_code,
    status: r.status,
    categoryFa: r.category_fa,
    categoryEn: r.category_en,
    neighbourhoodFa: r.neighbourhood_fa,
    neighbourhoodEn: r.neighbourhood_en,
    districtFa: r.district_fa,
    districtEn: r.district_en,
    address: r.address,
    descriptionExcerpt: excerpt(r.description),
    hazard: r.hazard,
    referralId: r.referral_id,
    referredAt: r.referred_at.toISOString(),
    deadlineAt: r.deadline_at.toISOString(),
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    outcome: r.outcome,
    overdue: r.overdue,
    priority: r.priority,
    reporters: r.reporters,
    unitId: r.unit_id,
    unitFa: r.unit_fa,
    unitEn: r.unit_en,
    pendingExtension: r.pending_extension,
  };
}

/** One page, and where the next one starts (null on the last page). */
export async function inboxPage(
  db: Queryable,
  f: InboxFilter,
): Promise<{ items: InboxItem[]; next: InboxCursor | null }> {
  if (!f.unitIds.length) return { items: [], next: null };
  const { text, values } = inboxSql(f);
  const r = await db.query<Row>(text, values);
  const rows = r.rows.slice(0, f.limit);
  const last = rows[rows.length - 1];
  if (r.rows.length <= f.limit || !last) return { items: rows.map(toItem), next: null };
  const next: InboxCursor = { us: last.sort_us, id: last.referral_id };
  if (f.view === 'open') next.notHazard = !last.hazard;
  return { items: rows.map(toItem), next };
}

/** The units' open referrals counted; "today" ends at midnight in `timeZone`. */
export async function inboxCounters(db: Queryable, unitIds: number[], timeZone: string): Promise<InboxCounters> {
  const zero = { new: 0, inProgress: 0, overdue: 0, dueToday: 0, extensionsPending: 0, total: 0 };
  if (!unitIds.length) return zero;
  const r = await db.query<Record<'new' | 'in_progress' | 'overdue' | 'due_today' | 'pending' | 'total', number>>(
    `SELECT count(*) FILTER (WHERE r.status IN ('referred', 'special-follow-up'))::int AS new,
            count(*) FILTER (WHERE r.status = 'in-progress')::int AS in_progress,
            count(*) FILTER (WHERE f.deadline_at < now())::int AS overdue,
            count(*) FILTER (WHERE f.deadline_at >= now()
              AND f.deadline_at < (date_trunc('day', now() AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2)::int AS due_today,
            count(x.id)::int AS pending,
            count(*)::int AS total
       FROM referrals f
       JOIN requests r ON r.id = f.request_id
       LEFT JOIN deadline_extensions x ON x.referral_id = f.id AND x.decision IS NULL
      WHERE f.unit_id = ANY($1::int[]) AND f.ended_at IS NULL`,
    [unitIds, timeZone],
  );
  const c = r.rows[0];
  if (!c) return zero;
  return {
    new: c.new,
    inProgress: c.in_progress,
    overdue: c.overdue,
    dueToday: c.due_today,
    extensionsPending: c.pending,
    total: c.total,
  };
}
