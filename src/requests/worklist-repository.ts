import type { Queryable } from './citizen-repository.ts';
import { OPEN_STATUSES } from './deadline-escalation.ts';
import type { Channel, RequestStatus } from './request-types.ts';

// The 137 worklist's SQL: newest first by (created_at, id), keyset paging. Every filter is a plain
// condition that one of migration 013's indexes holds in that order, so a page is a short index
// scan whatever the table's size. The cursor carries created_at in whole microseconds: a JS Date
// keeps only milliseconds and would skip or repeat rows created in the same millisecond.

export interface WorklistFilter {
  statuses?: RequestStatus[];
  unitId?: number;
  /** A unit user's units (their list is held to them); [] matches nothing. */
  unitIds?: number[];
  /** A council member's neighbourhoods (their list is held to them); [] matches nothing. */
  neighbourhoodIds?: number[];
  categoryId?: number;
  districtId?: number;
  neighbourhoodId?: number;
  channel?: Channel;
  hazard?: boolean;
  overdue?: boolean;
  /** Creation days (YYYY-MM-DD, inclusive) in the centre's time zone. */
  from?: string;
  to?: string;
  /** Already folded with foldSearchText. */
  text?: string;
  after?: WorklistCursor;
  limit: number;
}

export interface WorklistCursor {
  /** created_at as microseconds since the epoch (exact). */
  us: string;
  id: string;
}

export interface Named {
  id: number;
  fa: string;
  en: string;
}

/** One row of the list: no phone number and no citizen name (a supervisor's overview, not a file). */
export interface WorklistItem {
  id: string;
  trackingCode: string;
  status: RequestStatus;
  category: Named;
  unit: Named | null;
  district: Named | null;
  neighbourhood: Named | null;
  channel: Channel;
  hazard: boolean;
  createdAt: string;
  deadlineAt: string | null;
  overdue: boolean;
  reporters: number;
}

/** What worklist_fold (migration 013) does in SQL: ي/ى→ی, ك→ک, no ZWNJ, Latin digits, lower case. */
export function foldSearchText(s: string): string {
  return s
    .toLowerCase()
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/\u200c/g, '')
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

const OVERDUE = `(r.status = ANY($1::text[]) AND r.deadline_at < now())`;
/** OPEN_STATUSES as SQL literals (constants of ours): the open-statuses partial index's predicate. */
const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
/** worklist_fold of the code, description and address, stored with the row (migration 017). */
const TEXT = `r.search_text`;

/** The filter's conditions on `requests r` and their values ($1 is OPEN_STATUSES); the export shares them. */
export function worklistWhere(f: WorklistFilter, timeZone: string): { where: string[]; values: unknown[] } {
  const values: unknown[] = [OPEN_STATUSES];
  const where: string[] = [];
  const p = (v: unknown): string => `$${values.push(v)}`;
  if (f.statuses?.length === 1) where.push(`r.status = ${p(f.statuses[0])}`);
  else if (f.statuses?.length) where.push(`r.status = ANY(${p(f.statuses)}::text[])`);
  if (f.unitId !== undefined) where.push(`r.unit_id = ${p(f.unitId)}`);
  if (f.unitIds !== undefined) where.push(`r.unit_id = ANY(${p(f.unitIds)}::int[])`);
  if (f.categoryId !== undefined) where.push(`r.category_id = ${p(f.categoryId)}`);
  if (f.neighbourhoodId !== undefined) where.push(`r.neighbourhood_id = ${p(f.neighbourhoodId)}`);
  if (f.neighbourhoodIds !== undefined) where.push(`r.neighbourhood_id = ANY(${p(f.neighbourhoodIds)}::int[])`);
  if (f.districtId !== undefined)
    where.push(`r.neighbourhood_id IN (SELECT id FROM neighbourhoods WHERE district_id = ${p(f.districtId)})`);
  if (f.channel) where.push(`r.channel = ${p(f.channel)}`);
  if (f.hazard !== undefined) where.push(f.hazard ? `r.hazard` : `NOT r.hazard`);
  // Written as the open-statuses partial index's predicate, so the planner can use it; not also as
  // OVERDUE, whose second status test would make the planner count the open share twice (2.5% of
  // 2.5%) and pick a bitmap and a sort on a big table.
  if (f.overdue === true) where.push(`r.status IN (${OPEN_LIST}) AND r.deadline_at < now()`);
  if (f.overdue === false) where.push(`NOT coalesce(${OVERDUE}, false)`);
  if (f.from || f.to) {
    const tz = p(timeZone);
    if (f.from) where.push(`r.created_at >= (${p(f.from)}::date)::timestamp AT TIME ZONE ${tz}`);
    if (f.to) where.push(`r.created_at < (${p(f.to)}::date + 1)::timestamp AT TIME ZONE ${tz}`);
  }
  if (f.text) where.push(`${TEXT} LIKE ${p(`%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  if (f.after) {
    where.push(
      `(r.created_at, r.id) < ('epoch'::timestamptz + ${p(f.after.us)}::bigint * interval '1 microsecond', ${p(f.after.id)}::bigint)`,
    );
  }
  return { where, values };
}

/** The query of one page (exported so that a test can EXPLAIN exactly what the route runs). */
export function worklistSql(f: WorklistFilter, timeZone: string): { text: string; values: unknown[] } {
  const { where, values } = worklistWhere(f, timeZone);
  const p = (v: unknown): string => `$${values.push(v)}`;
  const text = `SELECT r.id, r.tracking_code, r.status, r.channel, r.hazard, r.created_at, r.deadline_at, r.reporters,
      coalesce(${OVERDUE}, false) AS overdue,
      ((extract(epoch FROM r.created_at) * 1000000)::bigint)::text AS created_us,
      c.id AS category_id, c.name_fa AS category_fa, c.name_en AS category_en,
      u.id AS unit_id, u.name_fa AS unit_fa, u.name_en AS unit_en,
      n.id AS neighbourhood_id, n.name_fa AS neighbourhood_fa, n.name_en AS neighbourhood_en,
      d.id AS district_id, d.name_fa AS district_fa, d.name_en AS district_en
    FROM requests r
    JOIN categories c ON c.id = r.category_id
    LEFT JOIN units u ON u.id = r.unit_id
    LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id
    LEFT JOIN districts d ON d.id = n.district_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT ${p(f.limit + 1)}`;
  return { text, values };
}

type NamedColumns = {
  [K in `${'category' | 'unit' | 'neighbourhood' | 'district'}_${'id' | 'fa' | 'en'}`]: string | number | null;
};

interface Row extends NamedColumns {
  id: string;
  tracking_code: string;
  status: RequestStatus;
  channel: Channel;
  hazard: boolean;
  created_at: Date;
  deadline_at: Date | null;
  reporters: number;
  overdue: boolean;
  created_us: string;
}

function named(row: Row, key: 'category' | 'unit' | 'neighbourhood' | 'district'): Named | null {
  const id = row[`${key}_id`];
  if (id === null) return null;
  return { id: Number(id), fa: String(row[`${key}_fa`]), en: String(row[`${key}_en`]) };
}

function toItem(row: Row): WorklistItem {
  return {
    id: String(row.id),
    trackingCode: row.tracking_code,
    status: row.status,
    category: named(row, 'category')!,
    unit: named(row, 'unit'),
    district: named(row, 'district'),
    neighbourhood: named(row, 'neighbourhood'),
    channel: row.channel,
    hazard: row.hazard,
    createdAt: row.created_at.toISOString(),
    deadlineAt: row.deadline_at ? row.deadline_at.toISOString() : null,
    overdue: row.overdue,
    reporters: row.reporters,
  };
}

/** One page, and where the next one starts (null on the last page). */
export async function worklistPage(
  db: Queryable,
  f: WorklistFilter,
  timeZone: string,
): Promise<{ items: WorklistItem[]; next: WorklistCursor | null }> {
  const { text, values } = worklistSql(f, timeZone);
  const r = await db.query<Row>(text, values);
  const rows = r.rows.slice(0, f.limit);
  const last = rows[rows.length - 1];
  const next = r.rows.length > f.limit && last ? { us: last.created_us, id: String(last.id) } : null;
  return { items: rows.map(toItem), next };
}
