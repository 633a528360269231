import { z } from 'zod';
import { isUnitRole } from '../auth/index.ts';
import { recordAudit, withTransaction, type Db, type DbClient } from '../db/index.ts';
import { AppError, conflict, forbidden, notFound } from '../shared/index.ts';
import { requestNotFound } from './errors.ts';
import * as x from './extension-repository.ts';
import { extendReferral } from './referral-core.ts';
import { lockCurrentReferral } from './referral-repository.ts';
import type { PendingEvent, RequestBus } from './request-bus.ts';
import { insertEvent, lockRequest } from './request-repository.ts';
import type { Actor } from './request-types.ts';

// A unit asks for more time on the request it holds; a 137 supervisor grants or refuses. A grant
// moves the referral's (and the request's) deadline by the hours asked, counted in the referral's
// basis (the unit's working hours, or clock hours for a hazard) from the old deadline. Events on
// the bus only after COMMIT: the office domain then reschedules the escalation and notifies.

export const EXTENSION_HOURS_MAX = 720;

const hours = z.union(
  [
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, 'hours is a number')
      .transform(Number),
  ],
  {
    error: 'hours is a number',
  },
);

export const extensionBody = z.object({
  hours: hours.pipe(
    z
      .number()
      .int('hours is a whole number')
      .min(1, 'ask for at least 1 hour')
      .max(EXTENSION_HOURS_MAX, `ask for at most ${EXTENSION_HOURS_MAX} hours`),
  ),
  reason: z
    .string({ error: 'say why more time is needed' })
    .trim()
    .min(1, 'say why more time is needed')
    .max(1000, 'the reason has at most 1000 characters'),
});

export const decisionBody = z.object({
  decision: z.enum(['granted', 'refused'], { error: 'decision is granted or refused' }),
  note: z.string().trim().max(1000, 'the note has at most 1000 characters').nullish(),
});

export const extensionListQuery = z.object({
  status: z
    .enum(['pending', 'granted', 'refused', 'all'], { error: 'status is pending, granted, refused or all' })
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'limit is a number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 500, { message: 'limit is 1 to 500' })
    .optional(),
});

export const extensionIdParams = z.object({
  id: z.string().regex(/^\d{1,18}$/, 'the id in the address must be a number'),
});

const extensionNotFound = () => notFound('The request for more time');
const extensionPending = () =>
  conflict('EXTENSION_PENDING', 'More time was already asked for on this referral; wait for 137 to answer it');
const extensionDecided = (decision: string) =>
  new AppError('EXTENSION_DECIDED', 409, `This request for more time was already ${decision}`, { decision });
const referralEnded = () =>
  conflict(
    'REFERRAL_ENDED',
    'The unit no longer holds this request (done, returned or referred elsewhere); refuse it instead',
  );

export interface Extensions {
  request(requestId: string, input: z.infer<typeof extensionBody>, actor: Actor): Promise<x.ExtensionView>;
  list(query: z.infer<typeof extensionListQuery>): Promise<x.ExtensionView[]>;
  decide(extensionId: string, input: z.infer<typeof decisionBody>, actor: Actor): Promise<x.ExtensionView>;
}

export interface ExtensionDeps {
  db: Db;
  bus: Pick<RequestBus, 'emit' | 'emitAll'>;
  timeZone: string;
}

async function requestExtension(
  deps: ExtensionDeps,
  requestId: string,
  input: z.infer<typeof extensionBody>,
  actor: Actor,
): Promise<x.ExtensionView> {
  if (!isUnitRole(actor.role)) throw forbidden('Only the unit that holds the request asks for more time');
  const asked = await withTransaction(deps.db, async (c) => {
    const req = await lockRequest(c, requestId);
    const ref = req ? await lockCurrentReferral(c, requestId) : null;
    // Not the actor's unit's request right now: as if it did not exist (no probing of ids).
    if (!req || !ref || !(actor.unitIds ?? []).includes(ref.unitId)) throw requestNotFound();
    if (await x.hasPendingExtension(c, ref.id)) throw extensionPending();
    const id = await x.insertExtension(c, { requestId, referralId: ref.id, ...input, userId: actor.userId });
    const details = { extensionId: id, referralId: ref.id, unitId: ref.unitId, hours: input.hours };
    await insertEvent(c, requestId, 'extension-requested', actor.userId, input.reason, details);
    await recordAudit(c, actor.userId, 'extension-requested', `request:${requestId}`, details);
    return { id, trackingCode: req.trackingCode, unitId: ref.unitId };
  });
  deps.bus.emit('extension-requested', {
    requestId,
    trackingCode: asked.trackingCode,
    extensionId: asked.id,
    unitId: asked.unitId,
    hours: input.hours,
  });
  return (await x.extensionView(deps.db, asked.id))!;
}

/** The decision in one transaction; the events to tell once it has committed. */
async function decideInTx(
  c: DbClient,
  requestId: string,
  extensionId: string,
  input: z.infer<typeof decisionBody>,
  actor: Actor,
  timeZone: string,
): Promise<PendingEvent[]> {
  // The request row first, as every writer of a request locks it.
  const req = await lockRequest(c, requestId);
  const ext = await x.lockExtension(c, extensionId);
  if (!req || !ext) throw extensionNotFound();
  if (ext.decision) throw extensionDecided(ext.decision);
  const note = input.note?.trim() || null;
  const details: Record<string, unknown> = { extensionId, referralId: ext.referral.id, hours: ext.hours };
  const events: PendingEvent[] = [];
  if (input.decision === 'granted') {
    const current = ext.referral.ended ? null : await lockCurrentReferral(c, requestId);
    if (!current || current.id !== ext.referral.id) throw referralEnded();
    // The unit's hours (or clock hours for a hazard), counted on from the old deadline.
    const moved = await extendReferral(c, current, ext.hours, timeZone);
    Object.assign(details, { from: current.deadlineAt.toISOString(), to: moved.deadlineAt.toISOString() });
    events.push(moved.event);
  }
  await x.decideExtension(c, extensionId, { decision: input.decision, userId: actor.userId, note });
  await insertEvent(c, requestId, `extension-${input.decision}`, actor.userId, note, details);
  await recordAudit(c, actor.userId, 'extension-decided', `request:${requestId}`, {
    ...details,
    decision: input.decision,
  });
  const decided = { requestId, trackingCode: req.trackingCode, extensionId, unitId: ext.referral.unitId };
  return [{ name: 'extension-decided', payload: { ...decided, decision: input.decision } }, ...events];
}

export function createExtensions(deps: ExtensionDeps): Extensions {
  const { db, bus, timeZone } = deps;
  return {
    request: (requestId, input, actor) => requestExtension(deps, requestId, input, actor),

    list: (query) => x.listExtensions(db, query.status ?? 'pending', query.limit ?? 200),

    async decide(extensionId, input, actor) {
      const requestId = await x.extensionRequestId(db, extensionId);
      if (!requestId) throw extensionNotFound();
      const events = await withTransaction(db, (c) => decideInTx(c, requestId, extensionId, input, actor, timeZone));
      bus.emitAll(events);
      return (await x.extensionView(db, extensionId))!;
    },
  };
}
