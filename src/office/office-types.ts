// Shapes the back office's browser code shares with the server: the bell's items and the /office
// socket's events. The web bundle imports this file (type imports only), so it stays free of Node.

/** What a notification is about; the UI makes its title from the kind and the details (fa and en). */
export type NotificationKind =
  | 'new-referral'
  | 'deadline-reminder'
  | 'overdue'
  | 'escalated'
  | 'extension-requested'
  | 'extension-decided'
  | 'returned';

/**
 * One item of the bell. `details` holds what a title needs: trackingCode, unitId/unitFa/unitEn,
 * deadlineAt, level (escalations: toUnitFa/toUnitEn), hours and decision (extensions), reason.
 */
export interface NotificationItem {
  id: string;
  kind: NotificationKind;
  requestId: string | null;
  trackingCode: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationItem[];
  unread: number;
  nextCursor: string | null;
}

/** A unit's request changed (referred, accepted, done, returned, a deadline moved, an extension asked/decided). */
export interface InboxChanged {
  requestId: string;
  /** The unit whose inbox changed; null when the request has no unit (then only 137 staff are told). */
  unitId: number | null;
  trackingCode: string;
  status: string;
}

/** Server → browser events of the `/office` namespace. */
export interface OfficeServerEvents {
  /** A new notification for this user, with their unread count after it. */
  notification: (n: { item: NotificationItem; unread: number }) => void;
  /** This user's notifications were marked read (in another tab too): the new unread count. */
  'notifications-read': (n: { unread: number }) => void;
  'inbox-changed': (e: InboxChanged) => void;
}

/** The browser sends nothing on /office: lists and the bell load over REST. */
export type OfficeClientEvents = Record<string, never>;
