import type { DbClient } from '../db/index.ts';
import { computeDeadline, workingHoursOf, type DeadlineBasis } from '../units/index.ts';
import { unknownUnit } from './errors.ts';
import type { PendingEvent } from './request-bus.ts';
import * as ref from './referral-repository.ts';
import * as w from './request-repository.ts';
import type { LockedRequest } from './request-repository.ts';
import type { Actor, RequestStatus } from './request-types.ts';

// Sending a request to a unit, inside the caller's transaction (request row locked): the deadline
// in the unit's working hours (calendar hours for a hazard: a manhole is open at night too), the
// referral row, and the request row that mirrors it. Used by registration, the referrals route,
// the status route, special follow-up and bulk actions alike.

/** A hazard must be handled first, whatever its category's usual deadline (Tehran region 2). */
export const HAZARD_MAX_DEADLINE_HOURS = 6;

/** The hours a request gets: its category's, shortened for a hazard. */
export const deadlineHours = (hours: number, hazard: boolean) =>
  hazard ? Math.min(hours, HAZARD_MAX_DEADLINE_HOURS) : hours;

/** The request's deadline basis: hazards count clock hours, the rest their category's basis. */
export const basisFor = (hazard: boolean, categoryBasis: DeadlineBasis): DeadlineBasis =>
  hazard ? 'calendar' : categoryBasis;

/** `from` + `hours` counted in the unit's hours (or plain hours), in the centre's zone. */
export async function unitDeadline(
  c: DbClient,
  unitId: number,
  from: Date,
  hours: number,
  basis: DeadlineBasis,
  timeZone: string,
): Promise<Date> {
  const wh = await workingHoursOf(c, unitId);
  if (!wh) throw unknownUnit(unitId);
  return computeDeadline(from, hours, basis, wh, timeZone);
}

export interface ReferOrder {
  unitId: number;
  /** Hours the unit has; default the category's (capped for a hazard). */
  hours?: number | undefined;
  note?: string | null | undefined;
  /** null: routed automatically. */
  by: string | null;
  priority: number;
  /** What the request becomes: 'referred', or 'special-follow-up' when sent back after the citizen's complaint. */
  status: Extract<RequestStatus, 'referred' | 'special-follow-up'>;
}

export interface OpenedReferral {
  referralId: string;
  unitId: number;
  referredAt: Date;
  deadlineAt: Date;
}

/** A new current referral (the caller has ended the previous one) and the request row following it. */
export async function openReferral(
  c: DbClient,
  req: LockedRequest,
  order: ReferOrder,
  timeZone: string,
): Promise<OpenedReferral> {
  const now = await ref.transactionNow(c);
  const hours = order.hours ?? deadlineHours(req.deadlineHours, req.hazard);
  const basis = basisFor(req.hazard, req.deadlineBasis);
  const deadlineAt = await unitDeadline(c, order.unitId, now, hours, basis, timeZone);
  const referralId = await ref.insertReferral(c, {
    requestId: req.id,
    unitId: order.unitId,
    referredBy: order.by,
    referredAt: now,
    deadlineAt,
    deadlineHours: hours,
    basis,
    priority: order.priority,
    note: order.note ?? null,
  });
  await ref.mirrorReferral(c, req.id, { status: order.status, unitId: order.unitId, referredAt: now, deadlineAt });
  return { referralId, unitId: order.unitId, referredAt: now, deadlineAt };
}

export function referredEvent(
  req: Pick<LockedRequest, 'id' | 'trackingCode' | 'hazard'>,
  o: OpenedReferral,
  automatic: boolean,
): PendingEvent {
  return {
    name: 'referred',
    payload: {
      requestId: req.id,
      referralId: o.referralId,
      unitId: o.unitId,
      trackingCode: req.trackingCode,
      hazard: req.hazard,
      referredAt: o.referredAt.toISOString(),
      deadlineAt: o.deadlineAt.toISOString(),
      automatic,
    },
  };
}

export function statusChangedEvent(
  req: Pick<LockedRequest, 'id' | 'trackingCode'>,
  from: RequestStatus,
  to: RequestStatus,
  unitId: number | null,
  actor: Actor | null,
): PendingEvent {
  return {
    name: 'status-changed',
    payload: { requestId: req.id, trackingCode: req.trackingCode, from, to, unitId, byUserId: actor?.userId ?? null },
  };
}

export interface ReferInput {
  unitId: number;
  deadlineHours?: number | undefined;
  note?: string | undefined;
}

/**
 * (Re-)refer a locked request: the current referral ends ('re-referred'), a new one starts with
 * the same priority (one more when the citizen's complaint brought it back), the status becomes
 * 'referred'. The caller has checked that the request may be referred from its status.
 */
export async function referLocked(
  c: DbClient,
  req: LockedRequest,
  input: ReferInput,
  actor: Actor,
  timeZone: string,
): Promise<PendingEvent[]> {
  const note = input.note?.trim() || null;
  const current = await ref.lockCurrentReferral(c, req.id);
  if (current) await ref.endReferral(c, current.id, 're-referred');
  const base = current?.priority ?? (await ref.latestPriority(c, req.id));
  const priority = base + (req.status === 'special-follow-up' ? 1 : 0);
  const order = { unitId: input.unitId, hours: input.deadlineHours, note, by: actor.userId, priority } as const;
  const opened = await openReferral(c, req, { ...order, status: 'referred' }, timeZone);
  await w.insertEvent(c, req.id, 'referred', actor.userId, note, {
    from: req.status,
    to: 'referred',
    unitId: input.unitId,
    referralId: opened.referralId,
    automatic: false,
    ...(current ? { previousReferralId: current.id, previousUnitId: current.unitId } : {}),
  });
  const events = [referredEvent(req, opened, false)];
  if (req.status !== 'referred') events.push(statusChangedEvent(req, req.status, 'referred', input.unitId, actor));
  return events;
}

/**
 * More time on the current referral: the deadline moves `hours` later, counted from the old
 * deadline in the referral's own basis and the unit's hours. Escalation starts again when the new
 * deadline is ahead. Returns the new deadline.
 */
export async function extendReferral(
  c: DbClient,
  current: ref.ReferralRow,
  hours: number,
  timeZone: string,
): Promise<{ deadlineAt: Date; event: PendingEvent }> {
  const deadlineAt = await unitDeadline(c, current.unitId, current.deadlineAt, hours, current.basis, timeZone);
  await ref.moveReferralDeadline(c, current, deadlineAt, hours);
  return {
    deadlineAt,
    event: {
      name: 'deadline-changed',
      payload: {
        requestId: current.requestId,
        referralId: current.id,
        unitId: current.unitId,
        deadlineAt: deadlineAt.toISOString(),
      },
    },
  };
}
