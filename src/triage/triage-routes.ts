import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { findCitizenIdByPhone, listCitizenRequests } from '../requests/index.ts';
import { apiDoc, forbidden, notFound, parseInput, type RouteDocInput } from '../shared/index.ts';
import { listItems } from './triage-repository.ts';
import { withDisplay, type TriageActor, type TriageService } from './triage-service.ts';

const num = z.string().regex(/^\d{1,18}$/, 'a number');
const idParams = z.object({ id: num });
const requestBody = z.object({ requestId: num }).strict();
const dismissBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
const listQuery = z
  .object({
    status: z.enum(['open', 'waiting', 'offered', 'done', 'dismissed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
  })
  .strict();

// OpenAPI description only (the handlers parse with the same zod objects).
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'triage', ...more }),
});

function actorOf(req: FastifyRequest): TriageActor {
  const u = currentUser(req);
  if (u.role === 'operator' && !u.operatorId)
    throw forbidden('Only an operator with a phone extension has triage items');
  return { userId: u.id, operatorId: u.operatorId, supervisor: u.role === 'supervisor' };
}

/**
 * The triage queue over REST: supervisors list every item (with phone numbers: audited); an
 * operator reads and settles the item offered to them, a supervisor any open item.
 */
export function registerTriageRoutes(app: FastifyInstance, d: { db: Db; service: TriageService }): void {
  const act = { preHandler: requireRole('operator', 'supervisor') };
  const supervise = { preHandler: requireRole('supervisor', 'admin') };
  const settle = (summary: string, body?: typeof requestBody | typeof dismissBody) => ({
    ...act,
    ...doc(summary, { params: idParams, ...(body ? { body } : {}) }),
  });

  const listDoc = doc('Triage items (web, SMS, Open311), hazards then oldest first; audited', {
    querystring: listQuery,
  });
  app.get('/triage', { ...supervise, ...listDoc }, async (req) => {
    const q = parseInput(listQuery, req.query);
    const items = await listItems(d.db, q);
    await recordAudit(d.db, currentUser(req).id, 'triage-list', null, {
      status: q.status ?? null,
      count: items.length,
    });
    return { items: items.map(withDisplay) };
  });

  const backlogDoc = doc('Items waiting for a person, and when the oldest came in');
  app.get('/triage/backlog', { preHandler: requireRole('operator', 'supervisor', 'admin'), ...backlogDoc }, async () =>
    d.service.backlog(),
  );

  const viewDoc = doc("One item with the sender's past requests (its holder or a supervisor); audited", {
    params: idParams,
  });
  app.get('/triage/:id', { ...act, ...viewDoc }, async (req) => {
    const { id } = parseInput(idParams, req.params);
    const by = actorOf(req);
    const item = await d.service.get(id);
    if (!item || (!by.supervisor && item.offeredTo !== by.operatorId)) throw notFound('The triage item');
    const citizenId = item.phone ? await findCitizenIdByPhone(d.db, item.phone) : null;
    const requests = citizenId ? await listCitizenRequests(d.db, citizenId) : [];
    await recordAudit(d.db, by.userId, 'triage-view', citizenId ? `citizen:${citizenId}` : `triage:${id}`, {
      triageId: id,
    });
    return { item, history: { requests } };
  });

  const registerDoc = settle('Registered from the item: done (an SMS sender gets the tracking code)', requestBody);
  app.post('/triage/:id/register', registerDoc, async (req) => {
    const { id } = parseInput(idParams, req.params);
    const { requestId } = parseInput(requestBody, req.body);
    return { item: await d.service.registered(id, requestId, actorOf(req)) };
  });

  const linkDoc = settle('The sender becomes a reporter on an open request: done', requestBody);
  app.post('/triage/:id/link', linkDoc, async (req) => {
    const { id } = parseInput(idParams, req.params);
    const { requestId } = parseInput(requestBody, req.body);
    return { item: await d.service.linkTo(id, requestId, actorOf(req)) };
  });

  app.post('/triage/:id/dismiss', settle('Dismiss (spam), with the reason', dismissBody), async (req) => {
    const { id } = parseInput(idParams, req.params);
    const { reason } = parseInput(dismissBody, req.body);
    return { item: await d.service.dismiss(id, reason, actorOf(req)) };
  });

  app.post('/triage/:id/resolve', settle('The request it is about was corrected: done'), async (req) => {
    const { id } = parseInput(idParams, req.params);
    return { item: await d.service.resolve(id, actorOf(req)) };
  });
}
