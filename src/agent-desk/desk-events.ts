// Typed socket.io events of the operator desk (namespace `/desk`): the screen-pop and the two
// event maps. The browser bundle imports these types too, so this file stays free of Node imports;
// the types it is made of are owned by cti (operator state, past calls) and requests.
import type { Ack } from '../shared/index.ts';
import type { OperatorStateChanged, PastCall } from '../cti/index.ts';
import type { PastRequest } from '../requests/index.ts';
import type { CallbackOffer, CallbackWithdrawn } from '../callbacks/index.ts';
import type { TriageOffer, TriageWithdrawn } from '../triage/index.ts';

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

export interface DeskSnapshot {
  operator: { id: string; displayName: string; extension: string } & OperatorStateChanged;
  /** The call that is ringing or in progress at this desk, if any. */
  currentCall: (ScreenPop & { answeredAt: string | null; endedAt: string | null }) | null;
  /** The callback task this operator holds (offered or being dialled), if any. */
  callback?: CallbackOffer | null;
  /** The triage item this operator holds, if any. */
  triage?: TriageOffer | null;
}

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
  /** A callback owed to a citizen is offered to this (ready) operator, with the number's history. */
  'callback:offer': (offer: CallbackOffer) => void;
  /** The offered callback left this desk (no longer ready, closed, answered on a later call). */
  'callback:withdrawn': (w: CallbackWithdrawn) => void;
  /** A web/SMS/Open311 item is offered to this (ready) operator, with the sender's past requests. */
  'triage:offer': (offer: TriageOffer) => void;
  /** The offered triage item left this desk (a call rings, no longer ready, settled). */
  'triage:withdrawn': (w: TriageWithdrawn) => void;
}

/** Desk → server. */
export interface DeskClientEvents {
  /** After a (re)connect: the desk asks for the whole picture. */
  resync: (ack: (r: Ack<DeskSnapshot>) => void) => void;
}
