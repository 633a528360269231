import type { DbClient } from '../db/index.ts';
import type { Queryable } from './citizen-repository.ts';
import type { Reporter } from './reporter-resolver.ts';
import type { Channel, EventKind, RequestStatus } from './request-types.ts';
import { generateTrackingCode } from './tracking-code.ts';

// Writes of the request life cycle. Callers run them inside one transaction so that a request is
// never visible without its reporter and its "registered" event.

export interface NewRequestRow {
  citizenId: string | null;
  callId: string | null;
  categoryId: number;
  unitId: number | null;
  neighbourhoodId: number | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  description: string;
  hazard: boolean;
  status: RequestStatus;
  channel: Channel;
  createdByUserId: string | null;
  deadlineHours: number;
  /** The referral's deadline (counted in the unit's hours); without it, deadlineHours from now. */
  deadlineAt?: Date | null;
  /** requests.sms_consent (migration 019). */
  smsConsent?: boolean;
}

const MAX_CODE_ATTEMPTS = 10;

/** The history entry written with a new row in its own statement (and the audit row with it). */
export interface EventWith {
  userId: string | null;
  details: Record<string, unknown>;
}

const INSERT_REQUEST = `INSERT INTO requests (tracking_code, citizen_id, call_id, category_id, unit_id, neighbourhood_id,
                             address, lat, lng, description, hazard, status, channel, created_by_user_id, deadline_at,
                             referred_at, sms_consent)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
               COALESCE($16::timestamptz, now() + make_interval(hours => $15)), CASE WHEN $12 = 'referred' THEN now() END, $17)
       ON CONFLICT (tracking_code) DO NOTHING
       RETURNING id`;

// With its 'registered' history: the first reporter (its citizen or call, when known), the event
// and its audit row in the same statement (insertReporter's and insertEvent's rows: one round
// trip instead of three in every registration).
const INSERT_REGISTERED = `WITH r AS (${INSERT_REQUEST}),
     rep AS (
       INSERT INTO request_reporters (request_id, citizen_id, call_id)
       SELECT r.id, $2, $3 FROM r WHERE $2::bigint IS NOT NULL OR $3::bigint IS NOT NULL
       ON CONFLICT DO NOTHING),
     e AS (
       INSERT INTO request_events (request_id, kind, note, user_id, details)
       SELECT r.id, 'registered', NULL, $14, $18::jsonb FROM r RETURNING id, request_id),
     a AS (
       INSERT INTO audit_log (user_id, action, target, details)
       SELECT $14, 'request-registered', 'request:' || e.request_id, jsonb_build_object('eventId', e.id) || $18::jsonb
         FROM e)
     SELECT id FROM r`;

/**
 * Insert with a fresh tracking code. ON CONFLICT DO NOTHING (not a caught unique violation) keeps
 * the surrounding transaction usable when a random code is already taken; we just draw again.
 * With `registered`, its reporter and 'registered' event are written by the same statement.
 */
export async function insertRequest(
  c: DbClient,
  row: NewRequestRow,
  newCode: () => string = generateTrackingCode,
  registered?: EventWith,
): Promise<{ id: string; trackingCode: string }> {
  for (let attempt = 0; attempt < MAX_CODE_ATTEMPTS; attempt++) {
    const code = newCode();
    const values: unknown[] = [
      code,
      row.citizenId,
      row.callId,
      row.categoryId,
      row.unitId,
      row.neighbourhoodId,
      row.address,
      row.lat,
      row.lng,
      row.description,
      row.hazard,
      row.status,
      row.channel,
      row.createdByUserId,
      row.deadlineHours,
      row.deadlineAt ?? null,
      row.smsConsent === true,
    ];
    // Prepared once per connection: the hottest write.
    const r = await c.query<{ id: number }>(
      registered
        ? {
            name: 'requests-insert-registered',
            text: INSERT_REGISTERED,
            values: [...values, JSON.stringify(registered.details)],
          }
        : { name: 'requests-insert', text: INSERT_REQUEST, values },
    );
    if (r.rows[0]) return { id: String(r.rows[0].id), trackingCode: code };
  }
  throw new Error(`no free tracking code after ${MAX_CODE_ATTEMPTS} attempts; the code space may be nearly full`);
}

/** Add a reporter; false when this citizen (or call) is already linked, so linking is idempotent. */
export async function insertReporter(c: Queryable, requestId: string, rep: Reporter): Promise<boolean> {
  const r = await c.query({
    name: 'requests-insert-reporter',
    text: `INSERT INTO request_reporters (request_id, citizen_id, call_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    values: [requestId, rep.citizenId, rep.callId],
  });
  return r.rowCount === 1;
}

export async function incrementReporters(c: Queryable, requestId: string): Promise<void> {
  await c.query(`UPDATE requests SET reporters = reporters + 1 WHERE id = $1`, [requestId]);
}

export async function insertEvent(
  c: Queryable,
  requestId: string,
  kind: EventKind,
  userId: string | null,
  note: string | null = null,
  details: Record<string, unknown> = {},
): Promise<string> {
  // The request's history and the audit log in one statement: every transition, referral, action
  // and escalation step is in both, or in neither.
  const r = await c.query<{ id: string }>({
    name: 'requests-insert-event', // prepared once per connection: two of them in every registration
    text: `WITH e AS (
       INSERT INTO request_events (request_id, kind, note, user_id, details) VALUES ($1, $2, $3, $4, $5) RETURNING id
     ), a AS (
       INSERT INTO audit_log (user_id, action, target, details)
       SELECT $4, 'request-' || $2, 'request:' || $1, jsonb_build_object('eventId', e.id) || $5::jsonb FROM e
     )
     SELECT id::text FROM e`,
    values: [requestId, kind, note, userId, JSON.stringify(details)],
  });
  return r.rows[0]!.id;
}

export interface LockedRequest {
  id: string;
  trackingCode: string;
  status: RequestStatus;
  unitId: number | null;
  categoryId: number;
  neighbourhoodId: number | null;
  categoryUnitId: number | null;
  /** The category's deadline and how it is counted. */
  deadlineHours: number;
  deadlineBasis: 'working' | 'calendar';
  hazard: boolean;
}

/** The request row, locked until the transaction ends, so two transitions cannot interleave. */
export async function lockRequest(c: DbClient, id: string): Promise<LockedRequest | null> {
  const r = await c.query<{
    id: number;
    tracking_code: string;
    status: RequestStatus;
    unit_id: number | null;
    category_id: number;
    neighbourhood_id: number | null;
    category_unit_id: number | null;
    deadline_hours: number;
    deadline_basis: 'working' | 'calendar';
    hazard: boolean;
  }>(
    `SELECT r.id, r.tracking_code, r.status, r.unit_id, r.category_id, r.neighbourhood_id, c.unit_id AS category_unit_id,
            c.deadline_hours, c.deadline_basis, r.hazard
       FROM requests r JOIN categories c ON c.id = r.category_id
      WHERE r.id = $1
      FOR UPDATE OF r`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: String(row.id),
    trackingCode: row.tracking_code,
    status: row.status,
    unitId: row.unit_id,
    categoryId: row.category_id,
    neighbourhoodId: row.neighbourhood_id,
    categoryUnitId: row.category_unit_id,
    deadlineHours: row.deadline_hours,
    deadlineBasis: row.deadline_basis,
    hazard: row.hazard,
  };
}

export interface StatusChange {
  status: RequestStatus;
  unitId?: number;
  /** Hours from now for a new deadline (referral, special follow-up); undefined keeps the old one. */
  newDeadlineHours?: number;
}

export async function updateStatus(c: DbClient, id: string, ch: StatusChange): Promise<void> {
  await c.query(
    `UPDATE requests SET
        status = $2,
        unit_id = COALESCE($3, unit_id),
        deadline_at = CASE WHEN $4::int IS NULL THEN deadline_at ELSE now() + make_interval(hours => $4::int) END,
        referred_at = CASE WHEN $2 = 'referred' THEN now() ELSE referred_at END,
        closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
      WHERE id = $1`,
    [id, ch.status, ch.unitId ?? null, ch.newDeadlineHours ?? null],
  );
}

/**
 * One 'overdue' event for a request still in one of `open` statuses whose deadline has passed by
 * `now`; none when it was already recorded for this same deadline. True when one was written.
 */
export async function insertOverdueEvent(
  db: Queryable,
  requestId: string,
  open: readonly string[],
  now: Date,
): Promise<boolean> {
  const r = await db.query(
    `WITH e AS (
       INSERT INTO request_events (request_id, kind, note, details)
       SELECT r.id, 'overdue', NULL, jsonb_build_object('deadlineAt', r.deadline_at, 'status', r.status)
         FROM requests r
        WHERE r.id = $1 AND r.status = ANY($2) AND r.deadline_at IS NOT NULL AND r.deadline_at <= $3
          AND NOT EXISTS (SELECT 1 FROM request_events e WHERE e.request_id = r.id AND e.kind = 'overdue' AND (e.details->>'deadlineAt')::timestamptz = r.deadline_at)
       RETURNING id, request_id, details
     ), a AS (
       INSERT INTO audit_log (user_id, action, target, details)
       SELECT NULL, 'request-overdue', 'request:' || e.request_id, jsonb_build_object('eventId', e.id) || e.details FROM e
     )
     SELECT 1 FROM e`,
    [requestId, open, now],
  );
  return (r.rowCount ?? 0) > 0;
}
