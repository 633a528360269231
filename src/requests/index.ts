// The requests domain's only public face. Other modules (agent-desk screen-pop, IVR status by
// tracking code, the app's wiring) import from here and nowhere else in this folder.
import type { Db } from '../db/index.ts';
import { pastRequestByTrackingCode, pastRequestsOfCitizen, type ReadOptions } from './request-query-repository.ts';
import type { PastRequest } from './request-types.ts';
import { normalizeTrackingCode } from './tracking-code.ts';

export { install, type RequestsCore, type RequestsHandle, type DeadlineJobs } from './install.ts';
export { createRequestBus, type RequestBus, type RequestBusEvents } from './request-bus.ts';
export {
  currentReferral,
  openReferrals,
  setEscalationLevel,
  recordRequestEvent,
  recordTriageEvent,
  canActorSee,
  type ReferralState,
} from './office-support.ts';
export { createRequestService, type RequestService, type StatusInput } from './request-service.ts';
export type { ExternalInput, ExternalOptions } from './request-registration.ts';
export { findOpenDuplicates, hasOpenDuplicate } from './request-query-repository.ts';
export { registerRequestRoutes } from './request-routes.ts';
export { markOverdue, deadlineDelayMs } from './deadline-escalation.ts';
export type { RequestHooks, RequestServiceDeps } from './request-service.ts';
export type { RequestRoutesDeps } from './route-access.ts';
export type { CallerLookup } from './reporter-resolver.ts';
export type {
  CategoryAdminView,
  CategoryFields,
  NewCategory,
  NewTemplate,
  TemplateFields,
} from './taxonomy-admin-types.ts';
export {
  upsertCitizenByPhone,
  findCitizenIdByPhone,
  findCitizenByPhone,
  type CitizenRow,
} from './citizen-repository.ts';
export { PAST_EVENTS_MAX, PAST_EVENT_NOTE_MAX, REQUEST_STATUSES } from './request-types.ts';
export { isValidTrackingCode, normalizeTrackingCode, generateTrackingCode } from './tracking-code.ts';
export { openHazards, pendingCallbacks, type OpenRequest } from './open-work-repository.ts';
export {
  createWorklist,
  worklistQuery,
  worklistScope,
  WORKLIST_LIMIT_DEFAULT,
  WORKLIST_LIMIT_MAX,
} from './worklist.ts';
export type { Worklist, WorklistPage, WorklistQuery } from './worklist.ts';
export {
  foldSearchText,
  worklistSql,
  type WorklistCursor,
  type WorklistFilter,
  type WorklistItem,
} from './worklist-repository.ts';
export { exportNames, requestExportBatch, type ExportNames, type ExportRecord } from './export-batch-repository.ts';
export type { InboxItem, InboxCounters, InboxView } from './inbox-repository.ts';
export type { InboxPage } from './inbox.ts';
export type { ExtensionView, ExtensionStatus } from './extension-repository.ts';
export { createExtensions, type Extensions } from './extension-service.ts';
export type { UploadedAttachment } from './attachment-service.ts';
// The citizen page checks and strips photos when submitted, and stores them like the back office on confirm.
export { createAttachments, ATTACHMENT_MAX_BYTES, type Attachments } from './attachment-service.ts';
export { createAttachmentStore } from './attachment-store.ts';
export { sanitizeImage, ImageRejected, type ImageMime } from './photo-sanitize.ts';
export type {
  Actor,
  AnswerTemplate,
  AttachmentView,
  CategoryView,
  DuplicateLink,
  DistrictView,
  DuplicateQuery,
  EventKind,
  FeedbackSummary,
  NeighbourhoodView,
  PastRequest,
  PastEvent,
  PastReferral,
  PendingExtension,
  ReferralView,
  RegisterInput,
  ReporterInput,
  RequestDetail,
  RequestEvent,
  RequestStatus,
} from './request-types.ts';

/**
 * A citizen's requests: open first, then closed, newest first, at most 20. One indexed query. The
 * screen-pop shows their follow-ups; the IVR (`{ events: false }`) only asks about status.
 */
export function listCitizenRequests(db: Db, citizenId: string, opts: ReadOptions = {}): Promise<PastRequest[]> {
  return pastRequestsOfCitizen(db, citizenId, 20, opts);
}

/** For the IVR's status read-back. Accepts Persian/Arabic-Indic digits and spaces; null for a malformed or unknown code. */
export async function findRequestByTrackingCode(db: Db, code: string): Promise<PastRequest | null> {
  const normal = normalizeTrackingCode(code);
  return normal ? pastRequestByTrackingCode(db, normal) : null;
}
