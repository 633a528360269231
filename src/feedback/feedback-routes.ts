import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole, STAFF_ROLES } from '../auth/index.ts';
import { apiDoc, parseInput } from '../shared/index.ts';
import type { FeedbackService } from './feedback-service.ts';

// Answers taken by hand (a feedback task, or a citizen who called 137 to say it is fixed or not),
// and the list of citizens the calls did not reach.

const WRITE = { preHandler: requireRole('operator', 'supervisor', 'admin') };
const READ = { preHandler: requireRole(...STAFF_ROLES) };

const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a request id') });
const answerBody = z.object({
  resolved: z.boolean(),
  rating: z.number().int().min(1).max(5).optional(),
});
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const answerDoc = apiDoc({
  summary:
    "The citizen's answer taken by hand (operators, supervisors, admins): closes the request or sends it to special follow-up",
  tags: 'feedback',
  params: idParams,
  body: answerBody,
  response: {
    200: { description: '{ requestId, kind: feedback | closure, effect: closed | special-follow-up | recorded }' },
    404: { description: 'No such request' },
  },
});
const tasksDoc = apiDoc({
  summary: 'Open feedback tasks to ask by hand: not reached, no phone, or no answer pressed (137 staff and managers)',
  tags: 'feedback',
  querystring: listQuery,
});

export function registerFeedbackRoutes(app: FastifyInstance, feedback: FeedbackService): void {
  app.post('/requests/:id/feedback', { ...WRITE, schema: answerDoc }, async (req) => {
    const { id } = parseInput(idParams, req.params);
    const body = parseInput(answerBody, req.body);
    const u = currentUser(req);
    const actor = { userId: u.id, role: u.role, unitIds: u.unitIds };
    const kind = await feedback.kindFor(id);
    const effect = await feedback.answer({ requestId: id, kind, via: 'staff', ...body, actor });
    return { requestId: id, kind, effect };
  });

  app.get('/feedback/tasks', { ...READ, schema: tasksDoc }, async (req) => {
    const { limit } = parseInput(listQuery, req.query ?? {});
    return { items: await feedback.tasks(limit) };
  });
}
