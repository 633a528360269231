import type { Db, DbClient } from '../db/index.ts';
import type { NotificationItem, NotificationKind } from './office-types.ts';

// The bell's rows (`notifications`, migration 014). A row is written once per (user, dedupe key):
// a retried job or a second node writing the same notification adds nothing.

type Q = Db | DbClient;

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  requestId: string | null;
  /** Same key for the same event to the same user: written twice, counted once. */
  dedupeKey: string;
  details: Record<string, unknown>;
}

export type StoredNotification = NotificationItem & { userId: string };
/** A listed item with its exact position (created_at in microseconds: a JS date keeps only ms). */
export type ListedNotification = StoredNotification & { position: { us: string; id: string } };

interface Row {
  id: string;
  user_id: string;
  kind: NotificationKind;
  request_id: string | null;
  details: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = `id::text, user_id::text, kind, request_id::text, details, created_at, read_at`;

const toItem = (r: Row): StoredNotification => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  requestId: r.request_id,
  trackingCode: typeof r.details.trackingCode === 'string' ? r.details.trackingCode : null,
  details: r.details,
  createdAt: r.created_at.toISOString(),
  readAt: r.read_at ? r.read_at.toISOString() : null,
});

/** Writes the new ones; returns only those written now (not those already there). */
export async function insertNotifications(db: Q, rows: NewNotification[]): Promise<StoredNotification[]> {
  if (!rows.length) return [];
  const r = await db.query<Row>(
    // Each notification written is audited with it (who was told what, by the system).
    `WITH n AS (
       INSERT INTO notifications (user_id, kind, request_id, dedupe_key, details)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[])
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (user_id, action, target, details)
       SELECT NULL, 'notification-' || n.kind, 'request:' || n.request_id,
              jsonb_build_object('notificationId', n.id, 'to', n.user_id::text) || n.details FROM n
     )
     SELECT ${COLUMNS} FROM n`,
    [
      rows.map((n) => n.userId),
      rows.map((n) => n.kind),
      rows.map((n) => n.requestId),
      rows.map((n) => n.dedupeKey),
      rows.map((n) => JSON.stringify(n.details)),
    ],
  );
  return r.rows.map(toItem);
}

export interface ListQuery {
  userId: string;
  unreadOnly: boolean;
  /** Keyset: items after this position (created_at in µs since the epoch, id), newest first. */
  before: { us: string; id: string } | null;
  limit: number;
}

/** One page of a user's notifications, newest first (notifications_user_idx). */
export async function listNotifications(db: Q, q: ListQuery): Promise<ListedNotification[]> {
  const r = await db.query<Row & { us: string }>(
    `SELECT ${COLUMNS}, (extract(epoch FROM created_at) * 1000000)::bigint::text AS us FROM notifications
      WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL)
        AND ($3::bigint IS NULL OR (created_at, id) < (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::bigint))
      ORDER BY created_at DESC, id DESC
      LIMIT $5`,
    [q.userId, q.unreadOnly, q.before?.us ?? null, q.before?.id ?? null, q.limit],
  );
  return r.rows.map((row) => ({ ...toItem(row), position: { us: row.us, id: row.id } }));
}

/** Unread count of each of these users (0 for those with none). */
export async function unreadCounts(db: Q, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map(userIds.map((id) => [id, 0]));
  if (!userIds.length) return out;
  const r = await db.query<{ user_id: string; n: number }>(
    `SELECT user_id::text, count(*)::int AS n FROM notifications
      WHERE user_id = ANY($1::bigint[]) AND read_at IS NULL GROUP BY user_id`,
    [userIds],
  );
  for (const row of r.rows) out.set(row.user_id, row.n);
  return out;
}

/** Marks the user's own notifications read (ids of others are ignored); null ids = all of them. */
export async function markRead(db: Q, userId: string, ids: string[] | null): Promise<number> {
  const r = await db.query(
    `UPDATE notifications SET read_at = now()
      WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2::bigint[]))`,
    [userId, ids],
  );
  return r.rowCount ?? 0;
}

export interface MailTarget {
  id: string;
  kind: NotificationKind;
  details: Record<string, unknown>;
  createdAt: string;
  emailedAt: string | null;
  email: string | null;
  displayName: string;
  disabled: boolean;
}

/** A notification with where its e-mail goes (the user's address now, not when it was written). */
export async function mailTarget(db: Q, notificationId: string): Promise<MailTarget | null> {
  const r = await db.query<{
    id: string;
    kind: NotificationKind;
    details: Record<string, unknown>;
    created_at: Date;
    emailed_at: Date | null;
    email: string | null;
    display_name: string;
    disabled: boolean;
  }>(
    `SELECT n.id::text, n.kind, n.details, n.created_at, n.emailed_at, u.email, u.display_name, u.disabled
       FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = $1`,
    [notificationId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    details: row.details,
    createdAt: row.created_at.toISOString(),
    emailedAt: row.emailed_at ? row.emailed_at.toISOString() : null,
    email: row.email,
    displayName: row.display_name,
    disabled: row.disabled,
  };
}

export async function markEmailed(db: Q, notificationId: string): Promise<void> {
  await db.query(`UPDATE notifications SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL`, [notificationId]);
}
