import type { Db, DbClient } from '../db/index.ts';
import type { Jobs } from '../jobs/index.ts';
import type { Logger } from '../shared/index.ts';
import type { OfficeGateway } from './office-gateway.ts';
import type { Recipient } from './office-repository.ts';
import type { NotificationKind } from './office-types.ts';
import { insertNotifications, unreadCounts, type StoredNotification } from './notification-repository.ts';
import './office-jobs.ts';

/** What to tell: one notification, the same for each recipient. */
export interface Notice {
  kind: NotificationKind;
  requestId: string | null;
  details: Record<string, unknown>;
  /** The event's identity (the user is added by the table's key): the same event twice is one row. */
  key: string;
}

/** Written rows waiting for their transaction's COMMIT before anyone is told. */
export interface Outbox {
  items: StoredNotification[];
  /** Users of these items who have an e-mail address. */
  mailTo: Set<string>;
}

export interface NotifierDeps {
  db: Db;
  jobs: Pick<Jobs, 'schedule'>;
  gateway: OfficeGateway;
  /** E-mail is sent only when SMTP is configured. */
  mail: boolean;
  logger: Logger;
}

/**
 * Notifications in two steps: `write` inside the caller's transaction (so a notification exists
 * exactly when the escalation step that caused it does), `publish` after it committed: the bell
 * over the socket at once, the e-mail as a job of its own (retried, never holding up the bell).
 */
export class Notifier {
  constructor(private readonly d: NotifierDeps) {}

  async write(q: Db | DbClient, to: Recipient[], n: Notice): Promise<Outbox> {
    const byId = new Map(to.map((r) => [r.id, r])); // a user of two of the units is told once
    const items = await insertNotifications(
      q,
      [...byId.keys()].map((userId) => ({
        userId,
        kind: n.kind,
        requestId: n.requestId,
        dedupeKey: n.key,
        details: n.details,
      })),
    );
    return { items, mailTo: new Set([...byId.values()].filter((r) => r.email).map((r) => r.id)) };
  }

  async publish(...boxes: Outbox[]): Promise<void> {
    const items = boxes.flatMap((b) => b.items);
    if (!items.length) return;
    const unread = await unreadCounts(this.d.db, [...new Set(items.map((i) => i.userId))]);
    for (const { userId, ...item } of items) this.d.gateway.notification(userId, item, unread.get(userId) ?? 0);
    if (!this.d.mail) return;
    const mailed = items.filter((i) => boxes.some((b) => b.mailTo.has(i.userId)));
    await Promise.all(
      mailed.map((i) =>
        this.d.jobs
          .schedule('office-mail', { notificationId: i.id }, { delayMs: 0, jobId: `mail-${i.id}` })
          .catch((err) =>
            this.d.logger.error({ err: (err as Error).message, notification: i.id }, 'could not queue an e-mail'),
          ),
      ),
    );
  }

  /** Write and publish at once (no transaction of the caller's to wait for). */
  async notify(to: Recipient[], n: Notice): Promise<void> {
    await this.publish(await this.write(this.d.db, to, n));
  }
}
