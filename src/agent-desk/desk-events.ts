// Typed socket.io events of the operator desk (namespace `/desk`). The browser bundle imports
// this file too, so it must stay free of Node imports.

export type OperatorState = 'logged-out' | 'ready' | 'ringing' | 'talking' | 'wrap-up' | 'paused';

export type PauseReason = 'break' | 'prayer' | 'training' | 'meeting' | 'technical' | 'other';

export interface PastCall {
  callId: string;
  /** ISO-8601 UTC; the browser shows it in the Jalali calendar. */
  startedAt: string;
  operatorName: string | null;
  /** answered | abandoned | ivr-hangup | transferred | ringing | talking */
  outcome: string;
  surveyScore: number | null;
}

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

export interface ScreenPop {
  callId: string;
  linkedid: string;
  queue: string | null;
  /** Time the operator's phone started ringing (ISO UTC). */
  ringingAt: string;
  hazard: boolean;
  ivrChoice: string | null;
  caller: {
    /** E.164 (+98...) or null for a hidden number. */
    phone: string | null;
    /** National format for reading back on the phone, e.g. 0912 123 4567. */
    phoneDisplay: string | null;
    name: string | null;
    citizenId: string | null;
  };
  history: {
    calls: PastCall[];
    requests: PastRequest[];
  };
}

export interface CallAnswered {
  callId: string;
  answeredAt: string;
}

export interface CallEnded {
  callId: string;
  endedAt: string;
  /** agent | caller | abandoned | transfer | ring-no-answer */
  reason: string;
}

export interface OperatorStateChanged {
  state: OperatorState;
  reason: string | null;
  /** ISO UTC, when this state began. */
  since: string;
  /** For wrap-up: when it ends. */
  until: string | null;
}

export interface DeskSnapshot {
  operator: { id: string; displayName: string; extension: string } & OperatorStateChanged;
  /** The call that is ringing or in progress at this desk, if any. */
  currentCall: (ScreenPop & { answeredAt: string | null; endedAt: string | null }) | null;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** Server → desk. */
export interface DeskServerEvents {
  /** Fires when this operator's phone starts ringing (AMI AgentCalled), before they answer. */
  'screen-pop': (pop: ScreenPop) => void;
  /** The operator picked up (AMI AgentConnect). */
  'call:answered': (e: CallAnswered) => void;
  /** The call left this desk: hung up, abandoned while ringing, or rang out. */
  'call:ended': (e: CallEnded) => void;
  /** Ready / paused / talking / wrap-up ... changed, by the desk, a supervisor or Asterisk. */
  'operator:state': (e: OperatorStateChanged) => void;
}

/** Desk → server. */
export interface DeskClientEvents {
  /** After a (re)connect: the desk asks for the whole picture. */
  resync: (ack: (r: Ack<DeskSnapshot>) => void) => void;
}
