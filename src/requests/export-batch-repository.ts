import type { Queryable } from './citizen-repository.ts';
import type { Channel, RequestStatus } from './request-types.ts';
import { worklistWhere, type Named, type WorklistCursor, type WorklistFilter } from './worklist-repository.ts';

// The exports' reader: the worklist's filters and order (newest first by created_at, id; keyset
// batches, one short index scan each whatever the table's size), but lean rows for a million of
// them: the categories', units' and places' ids (their names are read once per export, a few
// hundred rows, not joined into every row) and instants as whole seconds since the epoch (a number
// to parse, not a date string), with when each request was closed in the same scan.

/** One request as an export reads it: still no phone number and no citizen name. */
export interface ExportRecord {
  tracking_code: string;
  status: RequestStatus;
  channel: Channel;
  hazard: boolean;
  /** Whole seconds since the epoch (the exports show seconds at most). */
  created_s: number;
  deadline_s: number | null;
  closed_s: number | null;
  reporters: number;
  overdue: boolean;
  category_id: number;
  unit_id: number | null;
  neighbourhood_id: number | null;
  created_us: string;
  id: string;
}

/** The names an export shows, by id: read once per export. */
export interface ExportNames {
  categories: Map<number, Named>;
  units: Map<number, Named>;
  /** Each neighbourhood with its district (null when it has none). */
  neighbourhoods: Map<number, { name: Named; district: Named | null }>;
}

export async function exportNames(db: Queryable): Promise<ExportNames> {
  type R = { id: number; fa: string; en: string };
  const [c, u, d, n] = await Promise.all([
    db.query<R>(`SELECT id, name_fa AS fa, name_en AS en FROM categories`),
    db.query<R>(`SELECT id, name_fa AS fa, name_en AS en FROM units`),
    db.query<R>(`SELECT id, name_fa AS fa, name_en AS en FROM districts`),
    db.query<R & { district_id: number | null }>(
      `SELECT id, name_fa AS fa, name_en AS en, district_id FROM neighbourhoods`,
    ),
  ]);
  const byId = (rows: R[]) => new Map(rows.map((r) => [r.id, { id: r.id, fa: r.fa, en: r.en }]));
  const districts = byId(d.rows);
  const neighbourhoods = new Map(
    n.rows.map((r) => [
      r.id,
      {
        name: { id: r.id, fa: r.fa, en: r.en },
        district: r.district_id === null ? null : (districts.get(r.district_id) ?? null),
      },
    ]),
  );
  return { categories: byId(c.rows), units: byId(u.rows), neighbourhoods };
}

const SECONDS = (col: string) => `floor(extract(epoch FROM ${col}))::float8`;

/** One batch of the filtered worklist, newest first, and where the next starts (null: the last). */
export async function requestExportBatch(
  db: Queryable,
  f: WorklistFilter,
  timeZone: string,
): Promise<{ rows: ExportRecord[]; next: WorklistCursor | null }> {
  const { where, values } = worklistWhere(f, timeZone);
  // $1 is OPEN_STATUSES (worklistWhere): overdue as the worklist computes it.
  const text = `SELECT r.id::text AS id, r.tracking_code, r.status, r.channel, r.hazard,
      ${SECONDS('r.created_at')} AS created_s, ${SECONDS('r.deadline_at')} AS deadline_s,
      ${SECONDS('r.closed_at')} AS closed_s, r.reporters,
      coalesce(r.status = ANY($1::text[]) AND r.deadline_at < now(), false) AS overdue,
      r.category_id, r.unit_id, r.neighbourhood_id,
      ((extract(epoch FROM r.created_at) * 1000000)::bigint)::text AS created_us
    FROM requests r
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY r.created_at DESC, r.id DESC
    LIMIT $${values.push(f.limit + 1)}`;
  const r = await db.query<ExportRecord>(text, values);
  const rows = r.rows.length > f.limit ? r.rows.slice(0, f.limit) : r.rows;
  const last = rows[rows.length - 1];
  const next = r.rows.length > f.limit && last ? { us: last.created_us, id: last.id } : null;
  return { rows, next };
}
