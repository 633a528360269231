import type { Queryable } from './citizen-repository.ts';
import { worklistPage, type WorklistCursor, type WorklistFilter, type WorklistItem } from './worklist-repository.ts';

// The exports' reader: the worklist's keyset page (same filters, same order, one short index scan
// per batch whatever the table's size), with what a download adds to the list: when each request
// was closed, looked up by primary key for the batch's rows only.

/** A worklist row with its closing time: still no phone number and no citizen name. */
export interface ExportItem extends WorklistItem {
  closedAt: string | null;
}

/** One batch of the filtered worklist, newest first, and where the next starts (null: the last). */
export async function requestExportBatch(
  db: Queryable,
  f: WorklistFilter,
  timeZone: string,
): Promise<{ items: ExportItem[]; next: WorklistCursor | null }> {
  const page = await worklistPage(db, f, timeZone);
  const closed = new Map<string, string>();
  if (page.items.length) {
    const r = await db.query<{ id: string; closed_at: Date }>(
      `SELECT id::text, closed_at FROM requests WHERE id = ANY($1::bigint[]) AND closed_at IS NOT NULL`,
      [page.items.map((i) => i.id)],
    );
    for (const row of r.rows) closed.set(row.id, row.closed_at.toISOString());
  }
  return { items: page.items.map((i) => ({ ...i, closedAt: closed.get(i.id) ?? null })), next: page.next };
}
