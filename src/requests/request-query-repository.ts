import type { Queryable } from './citizen-repository.ts';
import {
  attachmentsOf,
  currentOf,
  duplicateLinks,
  pendingExtensionOf,
  referralHistory,
} from './referral-query-repository.ts';
import { PAST_EVENT_NOTE_MAX, PAST_EVENTS_MAX, type PastEvent } from './request-types.ts';
import { feedbackSummary } from './feedback-query-repository.ts';
import { openCandidatesSql } from './place-search-repository.ts';
import type { DuplicateQuery, EventKind, PastRequest, RequestDetail, RequestEvent } from './request-types.ts';

// Reads that give requests in the desk's PastRequest shape. Each is one indexed query: the
// citizen's history runs on every screen-pop.

const COLUMNS = `r.id, r.tracking_code, r.status, c.name_fa AS category_fa, c.name_en AS category_en,
  u.name_fa AS unit_fa, u.name_en AS unit_en, r.description, r.hazard, r.created_at, r.deadline_at,
  r.closed_at, r.reporters, r.address, n.name_fa AS neighbourhood_fa, n.name_en AS neighbourhood_en`;
// The place comes along so that a past request in the screen-pop says where the problem was.
const FROM = `requests r JOIN categories c ON c.id = r.category_id LEFT JOIN units u ON u.id = r.unit_id
  LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id`;

/**
 * The latest follow-ups of each request (notes and status changes; its registration and linked
 * reporters are shown otherwise), newest first: a backward scan of request_events_request_idx
 * per request, inside the same query. A note is cut one character past the limit, so that
 * toPastEvent knows it was longer.
 */
const EVENTS_COLUMN = `, ev.events`;
const EVENTS_JOIN = ` LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('at', x.at, 'kind', x.kind, 'status', x.status, 'note', x.note, 'by', x.by) ORDER BY x.at DESC, x.id DESC) AS events
    FROM (SELECT e.id, e.at, e.kind,
                 COALESCE(e.details->>'to', CASE e.kind WHEN 'referred' THEN 'referred' WHEN 'closed' THEN 'closed' END) AS status,
                 left(e.note, ${PAST_EVENT_NOTE_MAX + 1}) AS note, eu.display_name AS by
            FROM request_events e LEFT JOIN users eu ON eu.id = e.user_id
           WHERE e.request_id = r.id AND e.kind NOT IN ('registered', 'reporter-linked')
           ORDER BY e.at DESC, e.id DESC
           LIMIT ${PAST_EVENTS_MAX}) x) ev ON true`;

interface PastRequestRow {
  id: number;
  tracking_code: string;
  status: string;
  category_fa: string;
  category_en: string;
  unit_fa: string | null;
  unit_en: string | null;
  description: string;
  hazard: boolean;
  created_at: Date;
  deadline_at: Date | null;
  closed_at: Date | null;
  reporters: number;
  address: string | null;
  neighbourhood_fa: string | null;
  neighbourhood_en: string | null;
  events?: Array<{ at: string; kind: string; status: string | null; note: string | null; by: string | null }> | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toPastEvent(e: NonNullable<PastRequestRow['events']>[number]): PastEvent {
  const note =
    e.note != null && e.note.length > PAST_EVENT_NOTE_MAX ? `${e.note.slice(0, PAST_EVENT_NOTE_MAX)}…` : e.note;
  return { at: new Date(e.at).toISOString(), kind: e.kind, status: e.status, note, by: e.by };
}

function toPastRequest(row: PastRequestRow): PastRequest {
  const withEvents = row.events !== undefined ? { events: (row.events ?? []).map(toPastEvent) } : {};
  return {
    id: String(row.id),
    trackingCode: row.tracking_code,
    status: row.status,
    categoryFa: row.category_fa,
    categoryEn: row.category_en,
    unitFa: row.unit_fa,
    unitEn: row.unit_en,
    description: row.description,
    hazard: row.hazard,
    createdAt: row.created_at.toISOString(),
    deadlineAt: iso(row.deadline_at),
    closedAt: iso(row.closed_at),
    reporters: row.reporters,
    address: row.address,
    neighbourhoodFa: row.neighbourhood_fa,
    neighbourhoodEn: row.neighbourhood_en,
    ...withEvents,
  };
}

export async function pastRequestById(db: Queryable, id: string): Promise<PastRequest | null> {
  // Named (prepared once per connection): every registration answers with it, and planning its
  // joins cost several times running them.
  const r = await db.query<PastRequestRow>({
    name: 'requests-past-by-id',
    text: `SELECT ${COLUMNS}${EVENTS_COLUMN} FROM ${FROM}${EVENTS_JOIN} WHERE r.id = $1`,
    values: [id],
  });
  return r.rows[0] ? toPastRequest(r.rows[0]) : null;
}

/** What a read brings along: the follow-ups (latest notes and status changes) only where a person reads them. */
export interface ReadOptions {
  events?: boolean;
}
const events = (o: ReadOptions) =>
  o.events === false ? { column: '', join: '' } : { column: EVENTS_COLUMN, join: EVENTS_JOIN };

export async function pastRequestByTrackingCode(db: Queryable, code: string): Promise<PastRequest | null> {
  const r = await db.query<PastRequestRow>(
    `SELECT ${COLUMNS}${EVENTS_COLUMN} FROM ${FROM}${EVENTS_JOIN} WHERE r.tracking_code = $1`,
    [code],
  );
  return r.rows[0] ? toPastRequest(r.rows[0]) : null;
}

/**
 * Requests the citizen registered or was linked to as a duplicate reporter: open first, then
 * closed, newest first in each. Driven by request_reporters_by_citizen_idx.
 */
export async function pastRequestsOfCitizen(
  db: Queryable,
  citizenId: string,
  limit = 20,
  opts: ReadOptions = {},
): Promise<PastRequest[]> {
  const ev = events(opts);
  const r = await db.query<PastRequestRow>(
    `SELECT ${COLUMNS}${ev.column}
       FROM request_reporters rr JOIN ${FROM} ON r.id = rr.request_id${ev.join}
      WHERE rr.citizen_id = $1
      ORDER BY (r.status = 'closed'), r.created_at DESC, r.id DESC
      LIMIT $2`,
    [citizenId, limit],
  );
  return r.rows.map(toPastRequest);
}

/**
 * Open requests of the category in the neighbourhood, or within radiusM of the map point: each
 * branch's newest candidates by index (place-search-repository.ts), then the page joined.
 */
export async function findOpenDuplicates(
  db: Queryable,
  q: DuplicateQuery,
  radiusM = 300,
  limit = 10,
): Promise<PastRequest[]> {
  const params: unknown[] = [q.categoryId];
  const candidates = openCandidatesSql(q, radiusM, limit, params);
  // Without a place there is nothing to compare: every pothole in the city is not a duplicate.
  if (!candidates) return [];
  params.push(limit);
  const text = `WITH hits AS (${candidates})
    SELECT ${COLUMNS} FROM hits h JOIN (${FROM}) ON r.id = h.id
     ORDER BY r.created_at DESC, r.id DESC
     LIMIT $${params.length}`;
  // Not a named (prepared) statement: a generic plan cannot know how few rows the LIMITs leave
  // and joined them by scanning requests; planned per call, it is by primary key.
  const r = await db.query<PastRequestRow>(text, params);
  return r.rows.map(toPastRequest);
}

/**
 * Whether findOpenDuplicates would find any: the candidates alone, with nothing joined (planning
 * that join cost PostgreSQL ~0.6 ms on every Open311 post that only asks whether there is one).
 */
export async function hasOpenDuplicate(db: Queryable, q: DuplicateQuery, radiusM = 300): Promise<boolean> {
  const params: unknown[] = [q.categoryId];
  const candidates = openCandidatesSql(q, radiusM, 1, params);
  if (!candidates) return false;
  const r = await db.query<{ found: boolean }>(`SELECT EXISTS (${candidates}) AS found`, params);
  return r.rows[0]!.found;
}

interface DetailRow extends PastRequestRow {
  category_id: number;
  neighbourhood_id: number | null;
  unit_id: number | null;
  citizen_name: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  referred_at: Date | null;
}

/**
 * A request in full, with its referrals, photos, pending ask for more time and likely duplicates.
 * `unitIds` narrows the duplicates to those units' requests (a unit user's view).
 */
export async function requestDetail(
  db: Queryable,
  id: string,
  unitIds: readonly number[] | null = null,
): Promise<Omit<RequestDetail, 'allowedNext'> | null> {
  const r = await db.query<DetailRow>(
    `SELECT ${COLUMNS}, r.category_id, r.neighbourhood_id, r.unit_id, r.lat, r.lng, r.channel, r.referred_at,
            ci.name AS citizen_name
       FROM ${FROM} LEFT JOIN citizens ci ON ci.id = r.citizen_id
      WHERE r.id = $1`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  const referrals = await referralHistory(db, id);
  return {
    ...toPastRequest(row),
    unitId: row.unit_id,
    citizenName: row.citizen_name,
    referral: currentOf(referrals),
    referrals,
    attachments: await attachmentsOf(db, id),
    pendingExtension: await pendingExtensionOf(db, id),
    duplicates: await duplicateLinks(db, id, unitIds),
    categoryId: String(row.category_id),
    neighbourhoodId: row.neighbourhood_id == null ? null : String(row.neighbourhood_id),
    lat: row.lat,
    lng: row.lng,
    channel: row.channel,
    referredAt: iso(row.referred_at),
    events: await listEvents(db, id),
    feedback: await feedbackSummary(db, id),
  };
}

export async function requestExists(db: Queryable, id: string): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM requests WHERE id = $1`, [id]);
  return (r.rowCount ?? 0) > 0;
}

/** Whether the request is in one of these neighbourhoods (a council member's scope); [] matches none. */
export async function requestInNeighbourhoods(
  db: Queryable,
  id: string,
  neighbourhoodIds: readonly number[],
): Promise<boolean> {
  const r = await db.query(`SELECT 1 FROM requests WHERE id = $1 AND neighbourhood_id = ANY($2::int[])`, [
    id,
    [...neighbourhoodIds],
  ]);
  return (r.rowCount ?? 0) > 0;
}

export async function listEvents(db: Queryable, requestId: string): Promise<RequestEvent[]> {
  const r = await db.query<{
    id: number;
    at: Date;
    kind: EventKind;
    note: string | null;
    user_id: number | null;
    user_name: string | null;
    details: Record<string, unknown>;
  }>(
    `SELECT e.id, e.at, e.kind, e.note, e.user_id, u.display_name AS user_name, e.details
       FROM request_events e LEFT JOIN users u ON u.id = e.user_id
      WHERE e.request_id = $1 ORDER BY e.at, e.id`,
    [requestId],
  );
  return r.rows.map((e) => ({
    id: String(e.id),
    at: e.at.toISOString(),
    kind: e.kind,
    note: e.note,
    userId: e.user_id == null ? null : String(e.user_id),
    userName: e.user_name,
    details: e.details,
  }));
}
