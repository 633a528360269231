// The contract of the triage queue, which Open311, the citizen page and SMS to the short code use
// to hand a person what a machine could not settle.

import type { DbClient } from '../db/index.ts';
import type { PastRequest } from '../requests/index.ts';

/** Where a submission came in (never the phone: calls have their own queue). */
export type TriageSource = 'web' | 'sms' | 'open311';

/**
 * Why a person must look: the category is unclear, no place could be resolved (no neighbourhood,
 * so no unit to refer to), it may repeat an open request, or it is free text with no request yet
 * (an SMS that is not a tracking code).
 */
export type TriageReason = 'unclear-category' | 'no-place' | 'possible-duplicate' | 'free-text';

export interface TriageInput {
  source: TriageSource;
  /** The request already registered from the submission; null for free text (an SMS). */
  requestId: string | null;
  /** The sender's number (E.164) when known: the operator sees their history, as in a screen-pop. */
  phone: string | null;
  /** What the citizen wrote, as written. */
  text: string;
  reasons: TriageReason[];
  /** The source's own reference (Open311 token, SMS message id), for the source to find its item. */
  externalRef: string | null;
}

export interface TriageItemView {
  id: string;
  source: TriageSource;
  requestId: string | null;
  trackingCode: string | null;
  reasons: TriageReason[];
  status: 'waiting' | 'offered' | 'done' | 'dismissed';
  createdAt: string;
}

export interface TriageHandle {
  /** Durable once resolved (a row in triage_items); offered to a ready operator when no call rings. */
  add(input: TriageInput): Promise<{ id: string }>;
  /**
   * As `add`, in the caller's transaction: the item is committed with the submission it is about, or
   * neither is (one COMMIT, not two). Call `offer()` once the transaction has committed.
   */
  addWithin(c: DbClient, input: TriageInput): Promise<{ id: string; offer(): void }>;
  /** One item, for the source to follow it (e.g. Open311 tokens/{id}). */
  get(id: string): Promise<TriageItemView | null>;
  /** Items still waiting for a person, and the oldest one's age: the wallboard's backlog. */
  backlog(): Promise<{ waiting: number; oldestAt: string | null }>;
}

// Beyond the contract: what the desk, the routes and the wallboard see.

export type TriageStatus = TriageItemView['status'];

export interface TriageItem extends TriageItemView {
  /** E.164, or null (Open311 without a phone). */
  phone: string | null;
  /** National format for reading, e.g. 0912 123 4567. */
  phoneDisplay: string | null;
  text: string;
  externalRef: string | null;
  /** The linked request is a hazard: served first. */
  hazard: boolean;
  offeredTo: string | null;
  offeredAt: string | null;
  /** The request it ended in (registered from it, or linked to). */
  resultRequestId: string | null;
  dismissReason: string | null;
  closedAt: string | null;
}

/** The item a ready operator is offered (socket `/desk` event `triage:offer`), with the sender's history. */
export interface TriageOffer {
  item: TriageItem;
  /** The sender's past requests (as a screen-pop), newest open first. */
  history: { requests: PastRequest[] };
}

/** The item left this desk: taken back (no longer ready, a call rings), or closed. */
export interface TriageWithdrawn {
  id: string;
  reason: 'not-ready' | 'done' | 'dismissed';
}
