import type { Db } from '../db/index.ts';
import type { SmsMessageView, SmsTemplateKey, SmsTemplateView } from './sms-types.ts';

// sms_messages, sms_parts, sms_templates (migration 019) and requests.sms_consent.

export interface NewSms {
  requestId: string | null;
  template: SmsTemplateKey;
  phone: string;
  text: string;
  segments: number;
  concatRef: number;
  createdBy: string | null;
}

export async function insertSms(db: Db, m: NewSms): Promise<string> {
  const r = await db.query<{ id: string }>(
    `INSERT INTO sms_messages (request_id, template, phone_e164, text, segments, concat_ref, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [m.requestId, m.template, m.phone, m.text, m.segments, m.concatRef, m.createdBy],
  );
  return r.rows[0]!.id;
}

export interface Claimed {
  id: string;
  phone: string;
  text: string;
  concatRef: number;
  /** Segments the SMSC already accepted (a resend after a dropped link skips them). */
  sentParts: number[];
}

/** queued → sending, for this worker only; null when another has it or it is done. */
export async function claimSms(db: Db, id: string): Promise<Claimed | null> {
  const r = await db.query<{ id: string; phone: string; text: string; concat_ref: number; parts: number[] }>(
    `UPDATE sms_messages m SET status = 'sending', updated_at = now()
      WHERE m.id = $1 AND (m.status = 'queued' OR (m.status = 'sending' AND m.updated_at < now() - interval '5 minutes'))
      RETURNING m.id::text, m.phone_e164 AS phone, m.text, m.concat_ref,
        ARRAY(SELECT p.part FROM sms_parts p WHERE p.sms_id = m.id) AS parts`,
    [id],
  );
  const row = r.rows[0];
  return row ? { id: row.id, phone: row.phone, text: row.text, concatRef: row.concat_ref, sentParts: row.parts } : null;
}

export async function recordPart(db: Db, smsId: string, part: number, smscId: string): Promise<void> {
  await db.query(
    `INSERT INTO sms_parts (sms_id, part, smsc_id) VALUES ($1, $2, $3)
     ON CONFLICT (sms_id, part) DO UPDATE SET smsc_id = EXCLUDED.smsc_id, submitted_at = now()`,
    [smsId, part, smscId],
  );
}

/** The outcome of this worker's claim; a receipt that already made it 'delivered' is left alone. */
export async function setSmsStatus(db: Db, id: string, status: 'queued' | 'submitted' | 'failed', error?: string) {
  await db.query(
    `UPDATE sms_messages SET status = $2, error = $3, updated_at = now(),
       submitted_at = CASE WHEN $2 = 'submitted' THEN now() ELSE submitted_at END
     WHERE id = $1 AND status = 'sending'`,
    [id, status, error ?? null],
  );
}

/** Messages waiting for the link (and any a crashed worker left 'sending' long ago). */
export async function pendingSmsIds(db: Db): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT id::text FROM sms_messages
      WHERE status = 'queued' OR (status = 'sending' AND updated_at < now() - interval '5 minutes')
      ORDER BY id LIMIT 10000`,
  );
  return r.rows.map((x) => x.id);
}

/**
 * A delivery receipt on its segment; the message is delivered once every segment is, undeliverable
 * as soon as one fails for good. Returns false when no segment has that SMSC id.
 */
export async function applyReceipt(db: Db, smscId: string, state: string, error: string | null): Promise<boolean> {
  const r = await db.query<{ sms_id: string }>(
    `UPDATE sms_parts SET state = $2, error_code = $3, receipt_at = now() WHERE smsc_id = $1 RETURNING sms_id::text`,
    [smscId, state, error],
  );
  const smsId = r.rows[0]?.sms_id;
  if (!smsId) return false;
  await db.query(
    `UPDATE sms_messages m SET
       status = CASE
         WHEN EXISTS (SELECT 1 FROM sms_parts p WHERE p.sms_id = m.id AND p.state IN ('UNDELIV', 'EXPIRED', 'REJECTD', 'DELETED'))
           THEN 'undeliverable'
         WHEN (SELECT count(*) FROM sms_parts p WHERE p.sms_id = m.id AND p.state = 'DELIVRD') = m.segments
           THEN 'delivered'
         ELSE m.status END,
       submitted_at = coalesce(m.submitted_at, now()),
       delivered_at = CASE WHEN (SELECT count(*) FROM sms_parts p WHERE p.sms_id = m.id AND p.state = 'DELIVRD') = m.segments
         THEN now() ELSE m.delivered_at END,
       updated_at = now()
     WHERE m.id = $1`,
    [smsId],
  );
  return true;
}

export async function listSmsOfRequest(db: Db, requestId: string): Promise<SmsMessageView[]> {
  const r = await db.query<SmsMessageView>(
    `SELECT id::text, request_id::text AS "requestId", template, phone_e164 AS phone, text, segments, status, error,
            created_at AS "createdAt", submitted_at AS "submittedAt", delivered_at AS "deliveredAt"
       FROM sms_messages WHERE request_id = $1 ORDER BY created_at, id`,
    [requestId],
  );
  return r.rows;
}

export async function countPending(db: Db): Promise<number> {
  const r = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sms_messages WHERE status IN ('queued', 'sending')`,
  );
  return r.rows[0]!.n;
}

export async function listTemplates(db: Db): Promise<SmsTemplateView[]> {
  const r = await db.query<SmsTemplateView>(
    `SELECT key, text_fa AS "textFa", updated_at AS "updatedAt" FROM sms_templates ORDER BY key`,
  );
  return r.rows;
}

export async function templateText(db: Db, key: SmsTemplateKey): Promise<string | null> {
  const r = await db.query<{ text_fa: string }>(`SELECT text_fa FROM sms_templates WHERE key = $1`, [key]);
  return r.rows[0]?.text_fa ?? null;
}

export async function saveTemplate(
  db: Db,
  key: SmsTemplateKey,
  textFa: string,
  userId: string,
): Promise<SmsTemplateView> {
  const r = await db.query<SmsTemplateView>(
    `INSERT INTO sms_templates (key, text_fa, updated_by) VALUES ($1, $2, $3)
     ON CONFLICT (key) DO UPDATE SET text_fa = EXCLUDED.text_fa, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING key, text_fa AS "textFa", updated_at AS "updatedAt"`,
    [key, textFa, userId],
  );
  return r.rows[0]!;
}

export interface RequestFacts {
  id: string;
  trackingCode: string;
  status: string;
  phone: string | null;
  consent: boolean;
  categoryFa: string;
  unitFa: string | null;
  /** The open referral's deadline (requests.deadline_at while referred), for {deadline}. */
  deadlineAt: Date | null;
}

/** What a template says about a request: its code, category, unit, and the citizen's phone. */
export async function requestFacts(db: Db, requestId: string, unitId?: number): Promise<RequestFacts | null> {
  const r = await db.query<RequestFacts>(
    `SELECT r.id::text, r.tracking_code AS "trackingCode", r.status, c.phone_e164 AS phone, r.sms_consent AS consent,
            cat.name_fa AS "categoryFa", u.name_fa AS "unitFa",
            CASE WHEN r.status IN ('referred', 'in-progress', 'special-follow-up') THEN r.deadline_at END AS "deadlineAt"
       FROM requests r
       JOIN categories cat ON cat.id = r.category_id
       LEFT JOIN citizens c ON c.id = r.citizen_id
       LEFT JOIN units u ON u.id = coalesce($2::int, r.unit_id)
      WHERE r.id = $1`,
    [requestId, unitId ?? null],
  );
  return r.rows[0] ?? null;
}

export async function setConsent(db: Db, requestId: string): Promise<void> {
  await db.query(`UPDATE requests SET sms_consent = true WHERE id = $1`, [requestId]);
}
