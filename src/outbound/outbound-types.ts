// The outbound engine's public contract (spec-13 "O"): what callbacks and feedback hand it, and what it reports back.

export type OutboundPurpose = 'feedback' | 'closure-check' | 'callback';
export type OutboundOutcome = 'answered' | 'no-answer' | 'busy' | 'failed';
export type OutboundStatus =
  'queued' | 'dialling' | 'answered' | 'no-answer' | 'busy' | 'failed' | 'cancelled' | 'gave-up';

export interface OutboundRequest {
  purpose: OutboundPurpose;
  /** E.164 (+98…). */
  phone: string;
  /** feedback / closure-check */
  requestId?: string;
  /** callback */
  callbackId?: string;
  /** Where the answered call goes: the IVR (Stasis app args after the app name) or an operator's
   *  phone first then the citizen (callbacks: Originate Channel=PJSIP/<ext> on the operator's server,
   *  Context=cti137-outbound Exten=<national number>). */
  target: { kind: 'stasis'; args: string[] } | { kind: 'operator'; operatorId: string };
  /** Default OUTBOUND_MAX_ATTEMPTS (3). */
  maxAttempts?: number;
  /** e.g. feedback delay */
  notBefore?: Date;
}

export interface OutboundResult {
  id: string;
  purpose: OutboundPurpose;
  requestId: string | null;
  callbackId: string | null;
  phone: string;
  attempt: number;
  outcome: OutboundOutcome;
  /** No more attempts will be made (answered, or attempts used up). */
  final: boolean;
  channel: string | null;
  linkedid: string | null;
  /** Why, in the PBX's terms: `originate:<Reason>`, `dial:<DialStatus>` (operator first), `operator-phone:<Reason>`
   *  (the operator's phone was not picked up: the citizen was not called), `originate: <error>`, `no-response`. */
  reason?: string | null;
}

/** Calling windows per weekday (0 = Sunday … 6 = Saturday, in the centre's zone), holidays, daily cap. */
export interface CallingWindows {
  timeZone: string;
  /** Minutes after local midnight, [from, to) per weekday; an empty list = no calls that day. */
  byWeekday: Array<Array<{ from: number; to: number }>>;
  /** YYYY-MM-DD (Gregorian, in timeZone): no calls. */
  holidays: string[];
  dailyLimitPerNumber: number;
}

export interface OutboundHandle {
  /** Durable (row in outbound_calls + a BullMQ job at the next allowed moment). */
  enqueue(r: OutboundRequest): Promise<{ id: string; at: string }>;
  /** Place it now for an operator who pressed "call" (callbacks), still subject to the window and the daily limit (409 with the next allowed time otherwise).
   *  One attempt (its result is always final): retries are the caller's to decide. 503 PBX_DOWN when the PBX is not linked. */
  dialNow(r: OutboundRequest): Promise<{ id: string }>;
  cancel(id: string): Promise<void>;
  /** The next moment this number may be called (window, holidays, per-number daily limit), or null never. */
  nextAllowed(phone: string, from?: Date): Promise<Date | null>;
  onResult(fn: (r: OutboundResult) => void | Promise<void>): void;
  /** Calls being dialled (ringing) now, across every node. */
  inFlight(): Promise<number>;
  windows: CallingWindows;
}
