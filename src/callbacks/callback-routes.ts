import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { apiDoc, forbidden, parseInput, type RouteDocInput } from '../shared/index.ts';
import { listCallbacks } from './callback-repository.ts';
import { withPhoneDisplay, type CallbackService } from './callback-service.ts';
import { CALLBACK_OUTCOMES } from './callback-types.ts';

const STATUSES = [
  'owed',
  'open',
  'offered',
  'dialling',
  'reached',
  'wrong-number',
  'answered-later',
  'gave-up',
] as const;
const id = z.object({ id: z.string().regex(/^\d{1,18}$/, 'The callback id is a number') });
const listQuery = z.object({
  status: z.enum(STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
const outcomeBody = z.object({
  outcome: z.enum(CALLBACK_OUTCOMES as [string, ...string[]]),
  note: z.string().max(1000).optional(),
});
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'callbacks', ...more }),
});

/**
 * Callbacks over REST: supervisors and admins see every entry (phone numbers: each list view is
 * audited); an operator sees only the tasks offered to them, dials the one they hold and records
 * its outcome. A supervisor may record an outcome for an operator who left.
 */
export function registerCallbackRoutes(app: FastifyInstance, d: { db: Db; service: CallbackService }): void {
  const listDoc = doc('Callbacks owed: all (supervisors, admins) or those offered to you (operators); audited', {
    querystring: listQuery,
  });
  app.get('/callbacks', { preHandler: requireRole('operator', 'supervisor', 'admin'), ...listDoc }, async (req) => {
    const q = parseInput(listQuery, req.query);
    const u = currentUser(req);
    const own = u.role === 'operator';
    if (own && !u.operatorId) throw forbidden('Only an operator with a phone extension has callback tasks');
    const items = await listCallbacks(d.db, { ...q, operatorId: own ? u.operatorId! : undefined });
    await recordAudit(d.db, u.id, 'callbacks-list', null, { status: q.status ?? null, count: items.length });
    return { items: items.map(withPhoneDisplay) };
  });

  const dialDoc = doc('Call back now: your phone first, then the citizen (within the calling windows)', { params: id });
  app.post('/callbacks/:id/dial', { preHandler: requireRole('operator', 'supervisor'), ...dialDoc }, async (req) => {
    const p = parseInput(id, req.params);
    const u = currentUser(req);
    if (!u.operatorId) throw forbidden('Only an operator with a phone extension can call back');
    return d.service.dial(p.id, u.operatorId);
  });

  const outcomeDoc = doc("Record a callback's outcome", { params: id, body: outcomeBody });
  app.post(
    '/callbacks/:id/outcome',
    { preHandler: requireRole('operator', 'supervisor'), ...outcomeDoc },
    async (req) => {
      const p = parseInput(id, req.params);
      const body = parseInput(outcomeBody, req.body);
      const u = currentUser(req);
      const item = await d.service.recordOutcome(
        p.id,
        { operatorId: u.operatorId, anyTask: u.role === 'supervisor' },
        body.outcome as (typeof CALLBACK_OUTCOMES)[number],
        body.note?.trim() || null,
      );
      return { item };
    },
  );
}
