import { isUnitRole } from '../auth/index.ts';
import type { DbClient } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { resolveRoute, unitExists } from '../units/index.ts';
import { requestNotFound, unitRequired, unknownUnit } from './errors.ts';
import { deadlineHours, openReferral, referLocked, referredEvent, statusChangedEvent } from './referral-core.ts';
import * as ref from './referral-repository.ts';
import type { PendingEvent } from './request-bus.ts';
import * as w from './request-repository.ts';
import type { LockedRequest } from './request-repository.ts';
import { checkTransition, checkUnitAction, eventKindFor } from './request-status.ts';
import type { Actor, RequestStatus } from './request-types.ts';

// One status change inside its transaction (request row locked), for the 137 staff and for a
// unit's people. The referral follows the status: done and closed end it, special follow-up sends
// the request back to its unit with a fresh deadline, a unit's return ends it with the reason.

export interface StatusInput {
  status: RequestStatus;
  note?: string | undefined;
  /** For "referred": the unit, when the category has none or the supervisor picks another. */
  unitId?: number | undefined;
  /** For a unit's "done": photos uploaded before (POST /requests/:id/attachments). */
  attachmentIds?: string[] | undefined;
}

export interface StatusContext {
  req: LockedRequest;
  input: StatusInput;
  note: string | undefined;
  actor: Actor;
  timeZone: string;
}

export function changeLocked(c: DbClient, ctx: StatusContext): Promise<PendingEvent[]> {
  return isUnitRole(ctx.actor.role) ? unitAction(c, ctx) : staffTransition(c, ctx);
}

async function referTarget(c: DbClient, req: LockedRequest, unitId: number | undefined): Promise<number> {
  if (unitId != null) {
    if (!(await unitExists(c, unitId))) throw unknownUnit(unitId);
    return unitId;
  }
  const routed = req.unitId ?? (await resolveRoute(c, req.categoryId, req.neighbourhoodId))?.unitId;
  if (routed == null) throw unitRequired();
  return routed;
}

async function staffTransition(c: DbClient, ctx: StatusContext): Promise<PendingEvent[]> {
  const { req, input, note, actor } = ctx;
  checkTransition(req.status, input.status, actor.role, note);
  if (input.status === 'referred') {
    const unitId = await referTarget(c, req, input.unitId);
    return referLocked(c, req, { unitId, note }, actor, ctx.timeZone);
  }
  const events: PendingEvent[] = [];
  const details: Record<string, unknown> = { from: req.status, to: input.status };
  const current = await ref.lockCurrentReferral(c, req.id);
  let unitId = current?.unitId ?? req.unitId;
  if (input.status === 'special-follow-up' && req.unitId != null) {
    // Back to the unit that reported it done, a step up in priority, with a fresh deadline.
    if (current) await ref.endReferral(c, current.id, 're-referred');
    const priority = (current?.priority ?? (await ref.latestPriority(c, req.id))) + 1;
    const order = { unitId: req.unitId, by: actor.userId, priority, note: note ?? null } as const;
    const opened = await openReferral(c, req, { ...order, status: 'special-follow-up' }, ctx.timeZone);
    Object.assign(details, { unitId: opened.unitId, referralId: opened.referralId });
    events.push(referredEvent(req, opened, false));
    unitId = opened.unitId;
  } else {
    const change: w.StatusChange = { status: input.status };
    if (input.status === 'special-follow-up') change.newDeadlineHours = deadlineHours(req.deadlineHours, req.hazard);
    await w.updateStatus(c, req.id, change);
    if (current) await followReferral(c, current.id, input.status, actor, details);
  }
  await w.insertEvent(c, req.id, eventKindFor(input.status), actor.userId, note ?? null, details);
  events.push(statusChangedEvent(req, req.status, input.status, unitId, actor));
  return events;
}

/** What a staff transition does to the current referral: accepted, ended done, ended closed. */
async function followReferral(
  c: DbClient,
  referralId: string,
  to: RequestStatus,
  actor: Actor,
  details: Record<string, unknown>,
): Promise<void> {
  if (to === 'in-progress') await ref.acceptReferral(c, referralId, actor.userId);
  else if (to === 'done') await ref.endReferral(c, referralId, 'done');
  else if (to === 'closed') await ref.endReferral(c, referralId, 'closed');
  else return;
  details.referralId = referralId;
}

const UNIT_EVENT = { 'in-progress': 'accepted', done: 'done', returned: 'returned' } as const;

/** accept / done (with photos) / return, only on a request whose current referral is the actor's unit's. */
async function unitAction(c: DbClient, ctx: StatusContext): Promise<PendingEvent[]> {
  const { req, input, note, actor } = ctx;
  const current = await ref.lockCurrentReferral(c, req.id);
  if (!current || !(actor.unitIds ?? []).includes(current.unitId)) throw requestNotFound();
  checkUnitAction(req.status, input.status, note);
  const to = input.status as keyof typeof UNIT_EVENT;
  const details: Record<string, unknown> = { from: req.status, to, unitId: current.unitId, referralId: current.id };
  if (to === 'in-progress') await ref.acceptReferral(c, current.id, actor.userId);
  else await ref.endReferral(c, current.id, to, to === 'returned' ? note! : null);
  await w.updateStatus(c, req.id, { status: to });
  const photos = to === 'done' ? [...new Set(input.attachmentIds ?? [])] : [];
  if (photos.length) details.attachmentIds = photos;
  const eventId = await w.insertEvent(c, req.id, UNIT_EVENT[to], actor.userId, note ?? null, details);
  if ((await ref.claimAttachments(c, req.id, photos, eventId)) !== photos.length) {
    throw new AppError(
      'UNKNOWN_ATTACHMENT',
      400,
      'A photo in "attachmentIds" was not uploaded to this request, or is already part of an earlier report; upload it again',
      { attachmentIds: photos },
    );
  }
  return [statusChangedEvent(req, req.status, to, current.unitId, actor)];
}
