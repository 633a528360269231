import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import { apiDoc, parseInput } from '../shared/index.ts';
import { resolveRoute } from '../units/index.ts';
import { requestClosed, requestNotFound, unknownCategory, unknownNeighbourhood } from './errors.ts';
import { referLocked } from './referral-core.ts';
import type { PendingEvent, RequestBus } from './request-bus.ts';
import * as w from './request-repository.ts';
import { idParams, smallId } from './request-schemas.ts';
import type { Actor, RequestDetail, RequestStatus } from './request-types.ts';
import { actorOf, WRITE } from './route-access.ts';
import { activeCategory, neighbourhoodExists, setClassification } from './triage-fix-repository.ts';
import { detailFor } from './unit-scope.ts';

// An operator settling a triage item corrects what a web or Open311 report got wrong: the category,
// the neighbourhood, the hazard flag. Each change is in the request's history (old → new), and a
// request still with a unit (or waiting for one) is re-referred where its new category and place
// route it, as registration would have.

export const triageFixBody = z
  .object({
    categoryId: smallId.optional(),
    neighbourhoodId: smallId.optional(),
    hazard: z.boolean().optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((b) => b.categoryId !== undefined || b.neighbourhoodId !== undefined || b.hazard !== undefined, {
    message: 'give a categoryId, a neighbourhoodId or hazard to change',
  });
export type TriageFix = z.infer<typeof triageFixBody>;

/** Statuses in which the request follows its route: not yet done by a unit. */
const REROUTABLE: readonly RequestStatus[] = ['registered', 'returned', 'referred', 'in-progress'];

async function fixInTx(c: DbClient, id: string, fix: TriageFix, actor: Actor, tz: string): Promise<PendingEvent[]> {
  const req = await w.lockRequest(c, id);
  if (!req) throw requestNotFound();
  if (req.status === 'closed') throw requestClosed(req.trackingCode);
  if (fix.categoryId !== undefined && !(await activeCategory(c, fix.categoryId))) throw unknownCategory(fix.categoryId);
  if (fix.neighbourhoodId !== undefined && !(await neighbourhoodExists(c, fix.neighbourhoodId)))
    throw unknownNeighbourhood(fix.neighbourhoodId);
  const before = { categoryId: req.categoryId, neighbourhoodId: req.neighbourhoodId, hazard: req.hazard };
  const after = {
    categoryId: fix.categoryId ?? req.categoryId,
    neighbourhoodId: fix.neighbourhoodId ?? req.neighbourhoodId,
    hazard: fix.hazard ?? req.hazard,
  };
  await setClassification(c, id, after);
  await w.insertEvent(c, id, 'note', actor.userId, fix.note ?? 'triage: corrected', {
    triageFix: true,
    from: before,
    to: after,
  });
  if (!REROUTABLE.includes(req.status)) return [];
  const route = await resolveRoute(c, after.categoryId, after.neighbourhoodId);
  if (!route?.unitId || route.unitId === req.unitId) return [];
  const relocked = (await w.lockRequest(c, id))!;
  return referLocked(c, relocked, { unitId: route.unitId, note: 'triage: re-routed' }, actor, tz);
}

/** POST /requests/:id/triage-fix (operators, supervisors, admins). */
export function registerTriageFixRoute(app: FastifyInstance, d: { db: Db; bus: RequestBus; timeZone: string }): void {
  const schema = apiDoc({
    summary: "Correct a request's category, neighbourhood or hazard from triage (history old → new; re-routed)",
    tags: 'requests',
    params: idParams,
    body: triageFixBody,
  });
  app.post('/requests/:id/triage-fix', { ...WRITE, schema }, async (req): Promise<RequestDetail> => {
    const { id } = parseInput(idParams, req.params);
    const fix = parseInput(triageFixBody, req.body);
    const actor = actorOf(req);
    d.bus.emitAll(await withTransaction(d.db, (c) => fixInTx(c, id, fix, actor, d.timeZone)));
    return detailFor(d.db, id, actor);
  });
}
