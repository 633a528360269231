import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import type { MoPart } from './sms-inbound.ts';
import type { InboundSms, InboundOutcome } from './sms-types.ts';

// sms_inbound and sms_inbound_parts (migration 024): what citizens sent to the short code.

export interface Stored {
  /** The whole message's row; null while parts of a long message are missing. */
  id: string | null;
  /** Someone already handled it (a resend of a message answered before). */
  handled: boolean;
}

async function insertWhole(c: DbClient | Db, key: string, p: MoPart, text: string, parts: number): Promise<Stored> {
  const r = await c.query<{ id: string; handled: boolean }>(
    `WITH ins AS (
       INSERT INTO sms_inbound (dedup_key, phone_e164, short_code, text, parts) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id::text, false AS handled)
     SELECT id, handled FROM ins
     UNION ALL SELECT id::text, handled_at IS NOT NULL FROM sms_inbound WHERE dedup_key = $1 AND NOT EXISTS (SELECT 1 FROM ins)`,
    [key, p.phone, p.shortCode, text, parts],
  );
  const row = r.rows[0]!;
  return { id: row.id, handled: row.handled };
}

/**
 * Stores one deliver_sm durably, once (the dedup key). A part of a long message waits for the
 * others; the one that completes it writes the whole message. Parts may reach two nodes at once:
 * an advisory lock per sender and reference keeps the assembly to one of them.
 */
export async function storeMo(db: Db, p: MoPart): Promise<Stored> {
  if (!p.concat) return insertWhole(db, p.dedupKey, p, p.text, 1);
  const { ref, total, part } = p.concat;
  if (total < 2) return insertWhole(db, p.dedupKey, p, p.text, 1);
  return withTransaction(db, async (c) => {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('sms-in:' || $1 || ':' || $2))`, [p.phone, ref]);
    const ins = await c.query(
      `INSERT INTO sms_inbound_parts (dedup_key, phone_e164, ref, total, part, text) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedup_key) DO NOTHING`,
      [p.dedupKey, p.phone, ref, total, part, p.text],
    );
    if (!ins.rowCount) {
      const seen = await c.query<{ id: string | null; handled: boolean | null }>(
        `SELECT ip.inbound_id::text AS id, i.handled_at IS NOT NULL AS handled
           FROM sms_inbound_parts ip LEFT JOIN sms_inbound i ON i.id = ip.inbound_id WHERE ip.dedup_key = $1`,
        [p.dedupKey],
      );
      return { id: seen.rows[0]?.id ?? null, handled: seen.rows[0]?.handled ?? false };
    }
    const open = await c.query<{ part: number; text: string; dedup_key: string }>(
      `SELECT DISTINCT ON (part) part, text, dedup_key FROM sms_inbound_parts
        WHERE phone_e164 = $1 AND ref = $2 AND total = $3 AND inbound_id IS NULL ORDER BY part, received_at`,
      [p.phone, ref, total],
    );
    if (open.rows.length < total) return { id: null, handled: false };
    const text = open.rows.map((x) => x.text).join('');
    const stored = await insertWhole(c, `concat:${open.rows.map((x) => x.dedup_key).join('|')}`, p, text, total);
    await c.query(
      `UPDATE sms_inbound_parts SET inbound_id = $4 WHERE phone_e164 = $1 AND ref = $2 AND total = $3 AND inbound_id IS NULL`,
      [p.phone, ref, total, stored.id],
    );
    return stored;
  });
}

/** One node takes the message to answer it; null when another has it or it is done. */
export async function claimInbound(db: Db, id: string): Promise<InboundSms | null> {
  const r = await db.query<InboundSms>(
    `UPDATE sms_inbound SET handled_at = now() WHERE id = $1 AND handled_at IS NULL
     RETURNING id::text, phone_e164 AS phone, short_code AS "shortCode", text, parts, received_at AS "receivedAt"`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function settleInbound(db: Db, id: string, outcome: InboundOutcome | null): Promise<void> {
  if (outcome) await db.query(`UPDATE sms_inbound SET outcome = $2 WHERE id = $1`, [id, outcome]);
  // No outcome: the handler failed; let the job's retry claim it again.
  else await db.query(`UPDATE sms_inbound SET handled_at = NULL WHERE id = $1 AND outcome IS NULL`, [id]);
}
