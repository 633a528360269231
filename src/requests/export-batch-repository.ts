import pg from 'pg';
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

/** The columns as requestExportBatch reads them (array mode: no object per row from pg). */
const record = (v: unknown[]): ExportRecord => ({
  id: v[0] as string,
  tracking_code: v[1] as string,
  status: v[2] as RequestStatus,
  channel: v[3] as Channel,
  hazard: v[4] as boolean,
  created_s: v[5] as number,
  deadline_s: v[6] as number | null,
  closed_s: v[7] as number | null,
  reporters: v[8] as number,
  overdue: v[9] as boolean,
  category_id: v[10] as number,
  unit_id: v[11] as number | null,
  neighbourhood_id: v[12] as number | null,
  created_us: v[13] as string,
});

/**
 * One batch of the filtered worklist, newest first: each row is handed to `onRow` as it comes off
 * the connection, not gathered into a result. A gathered batch lives until its writer takes it,
 * long enough for V8 to promote its rows to the old generation: on a million rows that garbage
 * grew the heap by hundreds of megabytes before a full GC. Rows used at once die young.
 * Resolves with the rows read and where the next batch starts (null: this was the last).
 */
export async function requestExportBatch(
  db: Pick<pg.Pool, 'connect'>,
  f: WorklistFilter,
  timeZone: string,
  onRow: (r: ExportRecord) => void,
): Promise<{ rows: number; next: WorklistCursor | null }> {
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
  const client = await db.connect();
  try {
    return await new Promise((resolve, reject) => {
      let rows = 0;
      let last: unknown[] | null = null;
      let next: WorklistCursor | null = null;
      let failed: unknown = null;
      const config: pg.QueryArrayConfig = { text, values, rowMode: 'array' };
      const query = new pg.Query(config);
      query.on('row', (v: unknown[]) => {
        if (failed !== null) return;
        // The one row past the limit only says that there is a next batch, and where it starts.
        if (rows === f.limit) {
          if (last) next = { us: last[13] as string, id: last[0] as string };
          return;
        }
        rows++;
        last = v;
        try {
          onRow(record(v));
        } catch (err) {
          failed = err; // the writer's failure: the rest of the rows are read and dropped
        }
      });
      query.on('error', reject);
      query.on('end', () => (failed === null ? resolve({ rows, next }) : reject(failed as Error)));
      void client.query(query);
    });
  } finally {
    client.release();
  }
}
