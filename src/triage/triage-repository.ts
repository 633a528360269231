import type { Db, DbClient } from '../db/index.ts';
import type { TriageInput, TriageItem, TriageStatus } from './triage-types.ts';

// triage_items (migration 024). Claims are conditional updates: two nodes never offer one item
// twice, and an operator holds one item at most (a unique index on offered_to while offered).

export type StoredItem = Omit<TriageItem, 'phoneDisplay'>;

const COLUMNS = `t.id::text, t.source, t.request_id::text AS "requestId", r.tracking_code AS "trackingCode",
  t.reasons, t.status, t.created_at AS "createdAt", t.phone_e164 AS phone, t.text, t.external_ref AS "externalRef",
  coalesce(r.hazard, false) AS hazard, t.offered_to::text AS "offeredTo", t.offered_at AS "offeredAt",
  t.result_request_id::text AS "resultRequestId", t.dismiss_reason AS "dismissReason", t.closed_at AS "closedAt"`;
const FROM = `triage_items t LEFT JOIN requests r ON r.id = t.request_id`;

/** A new item; the same source reference again (a resend) gives the first item's id. */
export async function insertItem(db: Db | DbClient, i: TriageInput): Promise<string> {
  const r = await db.query<{ id: string }>({
    name: 'triage-insert-item', // prepared once per connection: most Open311 posts add one
    text: `INSERT INTO triage_items (source, request_id, phone_e164, text, reasons, external_ref)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (source, external_ref) WHERE external_ref IS NOT NULL DO UPDATE SET updated_at = now()
     RETURNING id::text`,
    values: [i.source, i.requestId, i.phone, i.text, i.reasons, i.externalRef],
  });
  return r.rows[0]!.id;
}

export async function getItem(db: Db, id: string): Promise<StoredItem | null> {
  const r = await db.query<StoredItem>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1`, [id]);
  return r.rows[0] ?? null;
}

export async function listItems(
  db: Db,
  q: { status?: TriageStatus | 'open'; operatorId?: string; limit: number },
): Promise<StoredItem[]> {
  const r = await db.query<StoredItem>(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE ($1::text IS NULL OR t.status = $1 OR ($1 = 'open' AND t.status IN ('waiting', 'offered')))
        AND ($2::bigint IS NULL OR t.offered_to = $2)
      ORDER BY coalesce(r.hazard, false) DESC, t.created_at, t.id LIMIT $3`,
    [q.status ?? null, q.operatorId ?? null, q.limit],
  );
  return r.rows;
}

/** Items not yet settled by a person (waiting or offered), and when the oldest came in. */
export async function backlog(db: Db): Promise<{ waiting: number; oldestAt: string | null }> {
  const r = await db.query<{ waiting: number; oldest: Date | null }>(
    `SELECT count(*)::int AS waiting, min(created_at) AS oldest FROM triage_items WHERE status IN ('waiting', 'offered')`,
  );
  const row = r.rows[0]!;
  return { waiting: row.waiting, oldestAt: row.oldest ? row.oldest.toISOString() : null };
}

/** The next item for this operator (hazards first, then the oldest), unless they already hold one. */
export async function claimNext(db: Db, operatorId: string): Promise<string | null> {
  try {
    const r = await db.query<{ id: string }>(
      `UPDATE triage_items SET status = 'offered', offered_to = $1, offered_at = now(), updated_at = now()
        WHERE id = (SELECT t.id FROM ${FROM} WHERE t.status = 'waiting'
                     ORDER BY coalesce(r.hazard, false) DESC, t.created_at, t.id LIMIT 1 FOR UPDATE OF t SKIP LOCKED)
          AND NOT EXISTS (SELECT 1 FROM triage_items h WHERE h.status = 'offered' AND h.offered_to = $1)
        RETURNING id::text`,
      [operatorId],
    );
    return r.rows[0]?.id ?? null;
  } catch (err) {
    // Another node offered this operator an item at the same moment: the unique index refused ours.
    if ((err as { code?: string }).code === '23505') return null;
    throw err;
  }
}

export async function heldBy(db: Db, operatorId: string): Promise<string | null> {
  const r = await db.query<{ id: string }>(
    `SELECT id::text FROM triage_items WHERE status = 'offered' AND offered_to = $1 LIMIT 1`,
    [operatorId],
  );
  return r.rows[0]?.id ?? null;
}

export async function offeredItems(db: Db): Promise<{ id: string; offeredTo: string }[]> {
  const r = await db.query<{ id: string; offeredTo: string }>(
    `SELECT id::text, offered_to::text AS "offeredTo" FROM triage_items WHERE status = 'offered' LIMIT 500`,
  );
  return r.rows;
}

/** Back to the queue (the holder is no longer ready); false when it was settled meanwhile. */
export async function release(db: Db, id: string): Promise<boolean> {
  const r = await db.query(
    `UPDATE triage_items SET status = 'waiting', offered_to = NULL, offered_at = NULL, updated_at = now()
      WHERE id = $1 AND status = 'offered'`,
    [id],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Settles an open item, once: false when it is already done or dismissed. */
export async function closeItem(
  db: Db,
  id: string,
  c: { status: 'done' | 'dismissed'; userId: string; resultRequestId?: string | null; dismissReason?: string | null },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE triage_items SET status = $2, closed_by = $3, closed_at = now(), updated_at = now(),
            result_request_id = $4, dismiss_reason = $5
      WHERE id = $1 AND status IN ('waiting', 'offered')`,
    [id, c.status, c.userId, c.resultRequestId ?? null, c.dismissReason ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

/** The request's id and tracking code, or null. */
export async function requestRef(db: Db, id: string): Promise<{ id: string; trackingCode: string } | null> {
  const r = await db.query<{ id: string; trackingCode: string }>(
    `SELECT id::text, tracking_code AS "trackingCode" FROM requests WHERE id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}
