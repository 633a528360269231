import { randomUUID } from 'node:crypto';
import { recordAudit, type Db } from '../db/index.ts';
import {
  exportNames,
  foldSearchText,
  requestExportBatch,
  type ExportNames,
  type ExportRecord,
  type WorklistCursor,
  type WorklistFilter,
  type WorklistQuery,
} from '../requests/index.ts';
import type { Logger } from '../shared/index.ts';

// The request export's reading side: the worklist's filters, read in keyset batches (newest
// first, as the list shows them) so that a million rows never sit in memory. Each row goes to
// the writer as it is read (CSV: into the batch's bytes; XLSX: committed to the sheet), so no
// batch of row objects is kept. One batch is read ahead while the writer sends the last (the
// database and the formatting overlap), and no further: the next is asked for only when the
// writer takes this one. Audited twice: before the first byte (who, which filters) and at the
// end (how many rows, and whether the download ran to its end).

export const EXPORT_BATCH = 2_000;

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportDeps {
  db: Db;
  timeZone: string;
  logger: Logger;
  batchSize?: number;
}

type Filters = Omit<WorklistQuery, 'cursor' | 'limit'>;

/** What the exporter's list is held to (worklistScope): a council's neighbourhoods; {} for 137 staff. */
export type ExportScope = Pick<WorklistFilter, 'unitId' | 'unitIds' | 'neighbourhoodIds'>;

/** The worklist's query as the repository's filter (the exporter's scope is added to it). */
function toFilter(f: Filters): Omit<WorklistFilter, 'limit' | 'after'> {
  const flag = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
  const { q, status, hazard, overdue, ...rest } = f;
  const text = q ? foldSearchText(q) : '';
  return { ...rest, statuses: status, hazard: flag(hazard), overdue: flag(overdue), text: text || undefined };
}

/** What a writer makes of one batch: each row as it is read (not kept), then the batch's output. */
export interface BatchWriter<T> {
  add(r: ExportRecord): void;
  done(): T;
}

export interface ExportRun {
  /** The categories', units' and places' names, read once for the export. */
  names: ExportNames;
  /** The batches, each written by a new `open()` as its rows arrive; audited when this ends. */
  batches<T>(open: () => BatchWriter<T>): AsyncGenerator<T>;
}

/** Writes the 'export-requests' audit row, then gives the batches (counted, audited at the end). */
export async function startRequestExport(
  deps: ExportDeps,
  userId: string,
  format: ExportFormat,
  query: WorklistQuery,
  scope: ExportScope = {},
): Promise<ExportRun> {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const exportId = randomUUID();
  const scoped = Object.keys(scope).length ? { scope } : {};
  await recordAudit(deps.db, userId, 'export-requests', null, { exportId, format, filters, ...scoped });
  const names = await exportNames(deps.db);
  const what = { exportId, format, filters, scope };
  return { names, batches: (open) => batches(deps, userId, what, open) };
}

async function* batches<T>(
  deps: ExportDeps,
  userId: string,
  what: { exportId: string; format: ExportFormat; filters: Filters; scope: ExportScope },
  open: () => BatchWriter<T>,
): AsyncGenerator<T> {
  // The scope last: a filter asked for narrows within it, never widens it.
  const filter = { ...toFilter(what.filters), ...what.scope };
  const limit = deps.batchSize ?? EXPORT_BATCH;
  type Batch = { rows: number; next: WorklistCursor | null; out: T };
  const read = async (after?: WorklistCursor): Promise<Batch> => {
    const writer = open();
    const add = (r: ExportRecord) => writer.add(r);
    const page = await requestExportBatch(
      deps.db,
      { ...filter, limit, ...(after ? { after } : {}) },
      deps.timeZone,
      add,
    );
    return { ...page, out: writer.done() };
  };
  let ahead: Promise<Batch> | null = read();
  let rows = 0;
  let complete = false;
  try {
    while (ahead) {
      const page: Batch = await ahead;
      ahead = page.next ? read(page.next) : null;
      rows += page.rows;
      if (page.rows) yield page.out;
    }
    complete = true;
  } finally {
    // A batch read ahead for a download that went away: its failure is nobody's to handle.
    ahead?.catch(() => undefined);
    // Also when the client went away (the stream ends the generator) or the database failed.
    const details = { exportId: what.exportId, format: what.format, rows, complete };
    deps.logger.info(details, complete ? 'requests exported' : 'request export ended early');
    await recordAudit(deps.db, userId, 'export-requests-finished', null, details).catch((err: Error) =>
      deps.logger.error({ ...details, err: err.message }, 'the end of a request export was not audited'),
    );
  }
}
