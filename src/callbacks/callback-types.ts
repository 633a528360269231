// Wire shapes of callbacks (REST, the desk socket, the browser): types only, no Node imports.
import type { PastRequest } from '../requests/index.ts';

/** open → offered (a ready operator holds it) → dialling → reached | wrong-number | gave-up; or answered-later. */
export type CallbackStatus =
  'open' | 'offered' | 'dialling' | 'reached' | 'wrong-number' | 'answered-later' | 'gave-up';
export type CallbackOutcome = 'reached' | 'no-answer' | 'busy' | 'wrong-number';
export const CALLBACK_OUTCOMES: readonly CallbackOutcome[] = ['reached', 'no-answer', 'busy', 'wrong-number'];
export const OPEN_STATUSES: readonly CallbackStatus[] = ['open', 'offered', 'dialling'];

export interface CallbackItem {
  id: string;
  /** E.164. */
  phone: string;
  /** National format for reading on the phone, e.g. 0912 123 4567. */
  phoneDisplay: string | null;
  citizenId: string | null;
  citizenName: string | null;
  /** abandoned (hung up while waiting) | ivr-offer (chose a callback in the phone menu). */
  source: 'abandoned' | 'ivr-offer';
  status: CallbackStatus;
  /** Abandoned calls merged into this entry. */
  abandons: number;
  firstAt: string;
  lastAt: string;
  /** Served in this order: the first abandon, or the menu caller's arrival. */
  priorityAt: string;
  longestWaitSeconds: number;
  /** Not offered before this moment (retry back-off, calling window). */
  nextAt: string;
  attempts: number;
  offeredTo: string | null;
  offeredToName: string | null;
  lastOutcome: string | null;
  lastNote: string | null;
  closedAt: string | null;
}

/** A past call of the number, as the callback task lists it. */
export interface CallbackPastCall {
  callId: string;
  startedAt: string;
  /** answered | abandoned | ivr-hangup | timeout | … (calls.end_reason or answered). */
  outcome: string;
  waitSeconds: number | null;
  operatorName: string | null;
}

export interface CallbackAttempt {
  dialledAt: string;
  operatorName: string | null;
  outcome: string | null;
  note: string | null;
}

export interface CallbackHistory {
  calls: CallbackPastCall[];
  requests: PastRequest[];
  attempts: CallbackAttempt[];
}

/** The task a ready operator is offered (socket `/desk` event `callback:offer`). */
export interface CallbackOffer {
  callback: CallbackItem;
  history: CallbackHistory;
}

/** The task left this desk: taken back (the operator is no longer ready), closed, or answered later. */
export interface CallbackWithdrawn {
  id: string;
  reason: 'not-ready' | 'answered-later' | 'closed' | 'outside-window';
}

/** Callbacks owed now, and dials made and citizens reached in a period. */
export interface CallbackCounts {
  owed: number;
  made: number;
  reached: number;
}
