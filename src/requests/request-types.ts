// The shapes the requests domain takes and gives. PastRequest is how every other domain sees a
// request (screen-pop, IVR, REST), so they all show it the same way.
import type { Role } from '../auth/index.ts';

export const REQUEST_STATUSES = [
  'registered',
  'referred',
  'in-progress',
  'done',
  'feedback-positive',
  'feedback-negative',
  'special-follow-up',
  'closed',
  // The unit said "not ours" (with a reason); 137 refers it again.
  'returned',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type EventKind =
  | 'registered'
  | 'referred'
  | 'note'
  | 'followed-up'
  | 'feedback'
  | 'special-follow-up'
  | 'closed'
  | 'reporter-linked'
  | 'overdue'
  | 'accepted'
  | 'progress'
  | 'done'
  | 'returned'
  | 'extension-requested'
  | 'extension-granted'
  | 'extension-refused'
  | 'reminder'
  | 'escalated'
  | 'status-changed';

export const CHANNELS = ['phone', 'sms', 'web', 'app', 'email', 'post', 'meeting'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who is acting: always the signed-in user, never an id taken from a request body. */
export interface Actor {
  userId: string;
  role: Role;
  /** For unit roles: the units whose requests they may see and act on (from the session). */
  unitIds?: readonly number[];
  /** For a council member: the neighbourhoods whose requests they may read (from the session). */
  neighbourhoodIds?: readonly number[];
}

/** How the citizen is known: the call they are on, and/or the number they gave. */
export interface ReporterInput {
  callId?: string | undefined;
  /** Any form an operator types (Persian digits, 0912..., +98...). */
  phone?: string | undefined;
  citizenName?: string | undefined;
}

export interface RegisterInput extends ReporterInput {
  categoryId: number;
  neighbourhoodId?: number | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  description: string;
  hazard?: boolean | undefined;
  channel?: Channel | undefined;
  /** The citizen agreed to SMS about this request (src/sms sends referral, done, closed). */
  smsConsent?: boolean | undefined;
}

export interface DuplicateQuery {
  categoryId: number;
  neighbourhoodId?: number | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
}

export interface RequestEvent {
  id: string;
  at: string;
  kind: EventKind;
  note: string | null;
  userId: string | null;
  userName: string | null;
  details: Record<string, unknown>;
}

/** One sending of a request to a unit, with how long the unit has. */
export interface ReferralView {
  id: string;
  unitId: number;
  unitFa: string;
  unitEn: string;
  referredAt: string;
  deadlineAt: string;
  deadlineHours: number;
  basis: 'working' | 'calendar';
  priority: number;
  acceptedAt: string | null;
  escalationLevel: number;
  note: string | null;
}

/** A referral in the request's history: how it ended (null outcome while it is current). */
export interface PastReferral extends ReferralView {
  endedAt: string | null;
  outcome: 'done' | 'returned' | 're-referred' | 'closed' | null;
  returnReason: string | null;
}

export interface AttachmentView {
  id: string;
  mime: string;
  bytes: number;
  createdAt: string;
  /** Display name of who uploaded it (null when the user is gone). */
  uploadedBy: string | null;
}

/** The unit's ask for more time on the current referral, not yet decided. */
export interface PendingExtension {
  id: string;
  hours: number;
  reason: string;
  requestedAt: string;
}

/** Another open request of the same category at the same place: probably the same problem. */
export interface DuplicateLink {
  id: string;
  trackingCode: string;
  status: string;
  createdAt: string;
  unitId: number | null;
}

/** A request in full: its whole event list replaces the history's latest follow-ups. */
/** Asking the citizen after "done" (src/feedback): each dialling attempt and answer, and where it stands. */
export interface FeedbackSummary {
  attempts: Array<{
    at: string;
    kind: 'feedback' | 'closure' | 'reopen';
    /** A call's answered / no-answer / busy / failed, or 'answer' for what the citizen said. */
    outcome: string;
    answer: 'resolved' | 'not-resolved' | null;
    rating: number | null;
    /** 'call' for a dialling attempt; ivr / staff / sms for an answer. */
    via: string;
  }>;
  outcome: 'pending' | 'resolved' | 'not-resolved' | 'unreached' | null;
}

export interface RequestDetail extends Omit<PastRequest, 'events'> {
  /** The unit it is (or was last) referred to. */
  unitId: number | null;
  /** The citizen's name when they gave one; never their phone number. */
  citizenName: string | null;
  /** The current referral, null when none is open. */
  referral: ReferralView | null;
  /** Every referral, oldest first. */
  referrals: PastReferral[];
  attachments: AttachmentView[];
  pendingExtension: PendingExtension | null;
  duplicates: DuplicateLink[];
  /** The statuses the reader may move it to next (empty for viewers and for a unit that no longer holds it). */
  allowedNext: RequestStatus[];
  categoryId: string;
  neighbourhoodId: string | null;
  neighbourhoodFa: string | null;
  neighbourhoodEn: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  referredAt: string | null;
  events: RequestEvent[];
  feedback: FeedbackSummary;
}

export interface CategoryView {
  id: string;
  code: string;
  parentId: string | null;
  nameFa: string;
  nameEn: string;
  unitFa: string | null;
  unitEn: string | null;
  deadlineHours: number;
  hazard: boolean;
}

export interface NeighbourhoodView {
  id: string;
  districtId: string;
  nameFa: string;
  nameEn: string;
}

export interface DistrictView {
  id: string;
  nameFa: string;
  nameEn: string;
  /** Where the district sits in the lists operators pick from (1 = first). */
  position: number;
  neighbourhoods: Array<{ id: string; nameFa: string; nameEn: string }>;
}

export interface AnswerTemplate {
  id: string;
  categoryId: string | null;
  textFa: string;
  textEn: string;
  hotkey: number;
}

/** A request as the caller's history shows it (screen-pop, tracking-code search). */
export interface PastRequest {
  id: string;
  trackingCode: string;
  status: string;
  categoryFa: string;
  categoryEn: string;
  unitFa: string | null;
  unitEn: string | null;
  description: string;
  hazard: boolean;
  createdAt: string;
  deadlineAt: string | null;
  closedAt: string | null;
  /** How many citizens reported this same problem (duplicates linked to it). */
  reporters: number;
  /** Where: the typed address and the neighbourhood, each null when not given. */
  address: string | null;
  neighbourhoodFa: string | null;
  neighbourhoodEn: string | null;
  /**
   * The latest follow-ups (notes and status changes), newest first, at most PAST_EVENTS_MAX.
   * Given with a citizen's history and a tracking-code search; absent where not loaded.
   */
  events?: PastEvent[];
}

/** How many follow-ups each request in a history carries, and how long a note is shown. */
export const PAST_EVENTS_MAX = 3;
export const PAST_EVENT_NOTE_MAX = 300;

/** A follow-up on a request, as the desk shows it in the caller's history. */
export interface PastEvent {
  at: string;
  /** note | referred | followed-up | feedback | special-follow-up | closed | overdue */
  kind: string;
  /** For a status change: the status it moved to. */
  status: string | null;
  /** The note (cut to PAST_EVENT_NOTE_MAX characters, with "…"), or null. */
  note: string | null;
  /** Who wrote it (display name); null for the system. */
  by: string | null;
}
