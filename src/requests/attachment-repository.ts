import type { Queryable } from './citizen-repository.ts';
import type { RequestStatus } from './request-types.ts';

// Photo rows (attachments): the bytes are on disk (attachment-store.ts), the row says whose
// request they belong to, what they are and their SHA-256, checked again each time they are served.

export interface AttachmentRow {
  id: string;
  requestId: string;
  mime: 'image/jpeg' | 'image/png';
  bytes: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: Date;
}

export async function insertAttachment(db: Queryable, a: Omit<AttachmentRow, 'createdAt'>): Promise<Date> {
  const r = await db.query<{ created_at: Date }>(
    `INSERT INTO attachments (id, request_id, uploaded_by, mime, bytes, sha256) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING created_at`,
    [a.id, a.requestId, a.uploadedBy, a.mime, a.bytes, a.sha256],
  );
  return r.rows[0]!.created_at;
}

export async function attachmentById(db: Queryable, id: string): Promise<AttachmentRow | null> {
  const r = await db.query<{
    id: string;
    request_id: string;
    mime: AttachmentRow['mime'];
    bytes: number;
    sha256: string;
    uploaded_by: string | null;
    created_at: Date;
  }>(
    `SELECT id::text, request_id::text, mime, bytes, sha256, uploaded_by::text, created_at FROM attachments WHERE id = $1`,
    [id],
  );
  const a = r.rows[0];
  if (!a) return null;
  return {
    id: a.id,
    requestId: a.request_id,
    mime: a.mime,
    bytes: a.bytes,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    createdAt: a.created_at,
  };
}

/** The request's status and tracking code, and how many photos it has; null when there is no such request. */
export async function attachmentTarget(
  db: Queryable,
  requestId: string,
): Promise<{ status: RequestStatus; trackingCode: string; photos: number } | null> {
  const r = await db.query<{ status: RequestStatus; tracking_code: string; photos: number }>(
    `SELECT r.status, r.tracking_code, (SELECT count(*)::int FROM attachments a WHERE a.request_id = r.id) AS photos
       FROM requests r WHERE r.id = $1`,
    [requestId],
  );
  const t = r.rows[0];
  return t ? { status: t.status, trackingCode: t.tracking_code, photos: t.photos } : null;
}
