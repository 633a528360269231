// What an operator is doing, as the desk, the wallboard and the API show it. Types only: the
// browser bundle imports them too.

export type OperatorState = 'logged-out' | 'ready' | 'ringing' | 'talking' | 'wrap-up' | 'paused';

/** Why an operator is paused (chosen at the desk or by a supervisor). */
export type PauseReason = 'break' | 'prayer' | 'training' | 'meeting' | 'technical' | 'other';

/** An operator's state as sent to desks and wallboards. */
export interface OperatorStateChanged {
  state: OperatorState;
  reason: string | null;
  /** ISO UTC, when this state began. */
  since: string;
  /** For wrap-up: when it ends. */
  until: string | null;
  /** A pause (its reason) ordered during the call now on the phone: it begins when the call is over. */
  pendingPause?: string | null;
  /** Who ordered the pause (shown or pending), when not the operator: a supervisor's name. */
  pausedBy?: string | null;
}

/** A past call of the same caller, as the screen-pop's history shows it. */
export interface PastCall {
  callId: string;
  /** ISO-8601 UTC; the browser shows it in the Jalali calendar. */
  startedAt: string;
  operatorName: string | null;
  /** answered | abandoned | ivr-hangup | transferred | ringing | talking */
  outcome: string;
  surveyScore: number | null;
}

/** Who sits behind a phone: an operator as the CTI core knows them. */
export interface OperatorInfo {
  id: string;
  userId: string;
  username: string;
  displayName: string;
  extension: string;
  /** Queue member interface, e.g. PJSIP/1001. */
  interface: string;
  /** The Asterisk server the phone registers on (pbx1 = first of ASTERISK_AMI_URL): its queue actions go there. */
  serverId: string;
  queues: string[];
}
