import type { Db } from '../db/index.ts';

// What a shift hands over from the requests: hazards still open and callbacks owed at an instant.
// Read by the shift hand-over (shifts), which receives these functions from the app.

/** A request as the hand-over lists it. */
export interface OpenRequest {
  id: string;
  trackingCode: string;
  status: string;
  /** The category's English name; `categoryFa` its Persian one. */
  category: string;
  categoryFa: string;
  hazard: boolean;
  createdAt: string;
  deadlineAt: string | null;
}

const LIST_LIMIT = 50;

const REQUEST_COLUMNS = `r.id::text AS id, r.tracking_code, r.status, cat.name_en AS category, cat.name_fa AS category_fa,
  r.hazard, r.created_at, r.deadline_at`;
const toRequest = (x: {
  id: string;
  tracking_code: string;
  status: string;
  category: string;
  category_fa: string;
  hazard: boolean;
  created_at: Date;
  deadline_at: Date | null;
}): OpenRequest => ({
  id: x.id,
  trackingCode: x.tracking_code,
  status: x.status,
  category: x.category,
  categoryFa: x.category_fa,
  hazard: x.hazard,
  createdAt: x.created_at.toISOString(),
  deadlineAt: x.deadline_at ? x.deadline_at.toISOString() : null,
});

/** Hazard requests open at `at` (created before it, not closed by then): oldest first. */
export async function openHazards(db: Db, at: Date): Promise<{ count: number; requests: OpenRequest[] }> {
  const r = await db.query(
    `SELECT ${REQUEST_COLUMNS}, count(*) OVER () AS total
       FROM requests r JOIN categories cat ON cat.id = r.category_id
      WHERE r.hazard AND r.created_at < $1 AND NOT (r.status = 'closed' AND COALESCE(r.closed_at, '-infinity') < $1)
      ORDER BY r.created_at LIMIT ${LIST_LIMIT}`,
    [at],
  );
  return { count: Number(r.rows[0]?.total ?? 0), requests: r.rows.map(toRequest) };
}

/**
 * Pending callbacks. There is no callback queue of its own: a callback is owed to the citizen of
 * a request in special follow-up (they were not satisfied) or of a request still with the unit
 * past its deadline (registered, referred, in progress: they must hear about the delay). Status
 * is the request's current one; the deadline is judged at `at`.
 */
export async function pendingCallbacks(
  db: Db,
  at: Date,
): Promise<{ count: number; specialFollowUp: number; overdue: number; requests: OpenRequest[] }> {
  const r = await db.query(
    `WITH due AS (
       SELECT ${REQUEST_COLUMNS},
              r.status = 'special-follow-up' AS follow_up,
              r.status IN ('registered', 'referred', 'in-progress', 'special-follow-up') AND r.deadline_at < $1 AS overdue
         FROM requests r JOIN categories cat ON cat.id = r.category_id
        WHERE r.created_at < $1 AND r.status <> 'closed'
          AND (r.status = 'special-follow-up' OR (r.status IN ('registered', 'referred', 'in-progress') AND r.deadline_at < $1)))
     SELECT *, count(*) OVER () AS total, count(*) FILTER (WHERE follow_up) OVER () AS follow_ups, count(*) FILTER (WHERE overdue) OVER () AS overdues
       FROM due ORDER BY hazard DESC, COALESCE(deadline_at, created_at) LIMIT ${LIST_LIMIT}`,
    [at],
  );
  const first = r.rows[0];
  return {
    count: Number(first?.total ?? 0),
    specialFollowUp: Number(first?.follow_ups ?? 0),
    overdue: Number(first?.overdues ?? 0),
    requests: r.rows.map(toRequest),
  };
}
