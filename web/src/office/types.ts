// Shapes of the back office's REST answers and socket events: the server's own (through
// lib/server-types.ts), and the little the back office adds on top.
export type {
  Role,
  SessionUser as User,
  CategoryView,
  DistrictView,
  WorklistItem,
  ReferralView,
  PastReferral,
  AttachmentView,
  PendingExtension,
  UnitView,
  InboxChanged,
  NotificationItem,
  NotificationPage,
  OfficeServerEvents,
  OfficeClientEvents,
  InboxItem,
  InboxCounters,
  InboxPage,
  InboxView as InboxTab,
  ExtensionView as ExtensionItem,
  Handover,
  HandoverOperator,
  HandoverRequest,
} from '../lib/server-types.ts';
import type { RequestDetail as ServerRequestDetail } from '../lib/server-types.ts';

/** A request as the back office reads it (the district is shown where the server gives it). */
export type RequestDetail = ServerRequestDetail & { districtFa?: string | null; districtEn?: string | null };

/** POST /requests/bulk: each request's own outcome (error: a code such as REQUEST_CLOSED). */
export interface BulkResult {
  results: Array<{ id: string; ok: boolean; error?: string; message?: string }>;
}
