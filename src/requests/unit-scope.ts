import { isUnitRole } from '../auth/index.ts';
import type { Db } from '../db/index.ts';
import { forbidden, toLatinDigits } from '../shared/index.ts';
import type { Queryable } from './citizen-repository.ts';
import { requestNotFound } from './errors.ts';
import { unitsReferral } from './referral-repository.ts';
import * as q from './request-query-repository.ts';
import { allowedNextStatuses } from './request-status.ts';
import type { Actor, RequestDetail, RequestEvent, RequestStatus } from './request-types.ts';
import { isValidTrackingCode } from './tracking-code.ts';

// What an executive unit's people may see of requests: only those referred to their units (now,
// or before: read-only then), and never a phone number. The 137 centre talks to the citizen; a
// unit sees the name, the place and the description. Another unit's request answers 404, as an
// unknown one does, so ids cannot be probed. A neighbourhood council reads its neighbourhoods'
// requests the same way, and less: no name, no photo, nothing that may be a phone number.

const unitsOf = (actor: Actor): readonly number[] => actor.unitIds ?? [];
const isCouncil = (actor: Actor): boolean => actor.role === 'council';

/** 403 for unit roles and councils on what only the 137 centre may use (look-ups by phone or code, duplicates, reporters). */
export function refuseUnitRoles(actor: Actor, what: string): void {
  if (isUnitRole(actor.role)) throw forbidden(`${what} is for the 137 centre; your unit sees its own requests`);
  if (isCouncil(actor)) throw forbidden(`${what} is for the 137 centre; a council sees its neighbourhoods' list`);
}

/** Whether the actor may see the request at all (staff: any existing request; a unit: its own, now or before). */
export async function canActorSee(db: Queryable, actor: Actor, requestId: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(requestId)) return false;
  if (isCouncil(actor)) return q.requestInNeighbourhoods(db, requestId, actor.neighbourhoodIds ?? []);
  if (!isUnitRole(actor.role)) {
    return q.requestExists(db, requestId);
  }
  const held = await unitsReferral(db, requestId, unitsOf(actor));
  return held.current || held.past;
}

/** Throws 404 unless a unit user's units hold the request's current referral (acting needs that). */
export async function assertUnitHolds(db: Queryable, actor: Actor, requestId: string): Promise<void> {
  if (!(await unitsReferral(db, requestId, unitsOf(actor))).current) throw requestNotFound();
}

/** Roles that read requests and never change them. */
const READ_ONLY: ReadonlySet<string> = new Set(['viewer', 'manager', 'council']);

/** The request in full as this actor may see it: 404 outside a unit's or council's scope, phone numbers masked for them. */
export async function detailFor(db: Db, requestId: string, actor: Actor): Promise<RequestDetail> {
  const unit = isUnitRole(actor.role);
  const council = isCouncil(actor);
  if ((unit || council) && !(await canActorSee(db, actor, requestId))) throw requestNotFound();
  const found = await q.requestDetail(db, requestId, unit ? unitsOf(actor) : null);
  if (!found) throw requestNotFound();
  const holds = !unit || (found.referral !== null && unitsOf(actor).includes(found.referral.unitId));
  const canChange = !READ_ONLY.has(actor.role) && holds;
  const d = { ...found, allowedNext: canChange ? allowedNextStatuses(found.status as RequestStatus, actor.role) : [] };
  if (council) return forCouncil(d);
  return unit ? forUnit(d) : d;
}

// A run of digits (Latin, Persian, Arabic-Indic) with the spaces, dashes, dots and brackets people
// type inside phone numbers.
const DIGIT_RUN = /[+(]?[0-9۰-۹٠-٩](?:[\s\-.()]{0,2}[0-9۰-۹٠-٩])+/g;

/**
 * Free text as a unit may read it: anything that may be a phone number (8 digits or more; a local
 * number has 8) is replaced by "***". A valid tracking code is left alone: it names a request.
 */
export function maskPhoneNumbers(text: string): string;
export function maskPhoneNumbers(text: string | null): string | null;
export function maskPhoneNumbers(text: string | null): string | null {
  if (text == null) return null;
  return text.replace(DIGIT_RUN, (run) => {
    const digits = toLatinDigits(run).replace(/\D/g, '');
    if (digits.length < 8) return run;
    if (digits.length === 8 && /^\d{8}$/.test(toLatinDigits(run).trim()) && isValidTrackingCode(digits)) return run;
    return '***';
  });
}

/** Details that name a call or a citizen (by which a phone number is found) stay with 137. */
const PRIVATE_DETAIL = /phone|call|citizen|caller/i;

function eventForUnit(e: RequestEvent): RequestEvent {
  const details = Object.fromEntries(Object.entries(e.details).filter(([k]) => !PRIVATE_DETAIL.test(k)));
  return { ...e, note: maskPhoneNumbers(e.note), details };
}

/** A request's detail for a unit's people: no phone number anywhere, no call or citizen ids. */
export function forUnit(d: RequestDetail): RequestDetail {
  return {
    ...d,
    description: maskPhoneNumbers(d.description),
    address: maskPhoneNumbers(d.address),
    citizenName: maskPhoneNumbers(d.citizenName),
    referral: d.referral && { ...d.referral, note: maskPhoneNumbers(d.referral.note) },
    referrals: d.referrals.map((r) => ({
      ...r,
      note: maskPhoneNumbers(r.note),
      returnReason: maskPhoneNumbers(r.returnReason),
    })),
    pendingExtension: d.pendingExtension && {
      ...d.pendingExtension,
      reason: maskPhoneNumbers(d.pendingExtension.reason),
    },
    events: d.events.map(eventForUnit),
  };
}

/**
 * The citizen's name (and each of its words of three letters or more) as it may appear in free
 * text, Persian letter variants (ی/ي/ى, ک/ك) alike; null without a name.
 */
function namePattern(name: string | null): RegExp | null {
  const words = (name ?? '').split(/[\s\u200c]+/).filter((w) => w.length >= 3);
  if (!words.length) return null;
  const letters = (w: string) =>
    [...w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')].map((ch) =>
      /[یيى]/.test(ch) ? '[یيى]' : /[کك]/.test(ch) ? '[کك]' : ch,
    );
  return new RegExp(words.map((w) => letters(w).join('')).join('|'), 'giu');
}

/** Free text as a council may read it: no phone number, and no word of the citizen's name. */
function councilText(text: string | null, name: RegExp | null): string | null {
  const masked = maskPhoneNumbers(text);
  return masked && name ? masked.replace(name, '***') : masked;
}

/**
 * A request's detail for a neighbourhood council: what a unit sees, less the citizen's name
 * (also where the citizen or a note wrote it) and the photos (they may show people), with the event
 * details' texts masked too: a council is outside the city's staff, so nothing that names or
 * reaches a person leaves.
 */
export function forCouncil(d: RequestDetail): RequestDetail {
  const u = forUnit(d);
  const name = namePattern(d.citizenName);
  const text = (s: string | null) => councilText(s, name);
  const value = (v: unknown): unknown => (typeof v === 'string' ? text(v) : v);
  return {
    ...u,
    citizenName: null,
    description: text(u.description) ?? '',
    address: text(u.address),
    attachments: [],
    referral: u.referral && { ...u.referral, note: text(u.referral.note) },
    referrals: u.referrals.map((r) => ({ ...r, note: text(r.note), returnReason: text(r.returnReason) })),
    pendingExtension: u.pendingExtension && { ...u.pendingExtension, reason: text(u.pendingExtension.reason) ?? '' },
    events: u.events.map((e) => ({
      ...e,
      note: text(e.note),
      details: Object.fromEntries(Object.entries(e.details).map(([k, v]) => [k, value(v)])),
    })),
  };
}
