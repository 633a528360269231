import type { Db } from '../db/index.ts';

// What anyone with a tracking code may read: the request's state, never who reported it, what they
// wrote, where exactly (the address), its photos or staff notes. Steps carry only their kind, the
// status they moved to and the unit they went to.

const PUBLIC_KINDS = [
  'registered',
  'referred',
  'accepted',
  'done',
  'returned',
  'followed-up',
  'feedback',
  'special-follow-up',
  'status-changed',
  'extension-granted',
  'closed',
];

export interface TrackStep {
  at: string;
  kind: string;
  status: string | null;
  /** For the citizen's feedback: resolved | not-resolved. */
  answer: string | null;
  unitFa: string | null;
  unitEn: string | null;
}

export interface TrackRow {
  id: string;
  trackingCode: string;
  status: string;
  categoryFa: string;
  categoryEn: string;
  unitFa: string | null;
  unitEn: string | null;
  createdAt: Date;
  deadlineAt: Date | null;
  closedAt: Date | null;
  steps: TrackStep[];
}

export async function trackByCode(db: Db, code: string): Promise<TrackRow | null> {
  const r = await db.query<{
    id: string;
    tracking_code: string;
    status: string;
    category_fa: string;
    category_en: string;
    unit_fa: string | null;
    unit_en: string | null;
    created_at: Date;
    deadline_at: Date | null;
    closed_at: Date | null;
    steps: TrackRow['steps'] | null;
  }>(
    `SELECT r.id::text, r.tracking_code, r.status, c.name_fa AS category_fa, c.name_en AS category_en,
            u.name_fa AS unit_fa, u.name_en AS unit_en, r.created_at, r.deadline_at, r.closed_at,
            (SELECT json_agg(json_build_object(
                      'at', e.at, 'kind', e.kind,
                      'status', COALESCE(e.details->>'to', CASE WHEN e.kind IN ('referred', 'closed', 'registered', 'done', 'accepted', 'returned') THEN e.kind END),
                      'answer', CASE WHEN e.kind = 'feedback' THEN e.details->>'answer' END,
                      'unitFa', eu.name_fa, 'unitEn', eu.name_en) ORDER BY e.at, e.id)
               FROM request_events e
               LEFT JOIN units eu ON e.kind = 'referred' AND eu.id = (e.details->>'unitId')::bigint
              WHERE e.request_id = r.id AND e.kind = ANY($2::text[])) AS steps
       FROM requests r
       JOIN categories c ON c.id = r.category_id
       LEFT JOIN units u ON u.id = r.unit_id
      WHERE r.tracking_code = $1`,
    [code, PUBLIC_KINDS],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    status: row.status,
    categoryFa: row.category_fa,
    categoryEn: row.category_en,
    unitFa: row.unit_fa,
    unitEn: row.unit_en,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    closedAt: row.closed_at,
    steps: row.steps ?? [],
  };
}
