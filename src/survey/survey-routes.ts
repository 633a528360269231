import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { currentUser, parseInput, requireRole } from '../http/guards.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import { operatorScores } from './survey-scores.ts';

const query = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  shift: z.string().max(40).optional(),
});

export function registerSurveyRoutes(app: FastifyInstance, deps: { db: Db; priorWeight: number; minResponses: number }): void {
  const load = async (id: string, q: z.infer<typeof query>) => {
    const all = await operatorScores(deps.db, { ...q, priorWeight: deps.priorWeight, minResponses: deps.minResponses });
    const mine = all.find((s) => s.operatorId === id);
    if (!mine) throw notFound('Operator');
    return mine;
  };

  // Operators see their own scores (never who rated them); supervisors and admins see anyone's.
  app.get('/api/v1/operators/me/scores', { preHandler: requireRole('operator', 'supervisor', 'admin') }, async (req) => {
    const u = currentUser(req);
    if (!u.operatorId) throw notFound('Operator');
    return load(u.operatorId, parseInput(query, req.query));
  });

  app.get<{ Params: { id: string } }>('/api/v1/operators/:id/scores', { preHandler: requireRole('operator', 'supervisor', 'admin', 'viewer') }, async (req) => {
    const u = currentUser(req);
    if (u.role === 'operator' && u.operatorId !== req.params.id) throw forbidden('Operators can see only their own scores');
    if (!/^\d+$/.test(req.params.id)) throw notFound('Operator');
    return load(req.params.id, parseInput(query, req.query));
  });

  app.get('/api/v1/scores', { preHandler: requireRole('supervisor', 'admin', 'viewer') }, async (req) => {
    const q = parseInput(query, req.query);
    return operatorScores(deps.db, { ...q, priorWeight: deps.priorWeight, minResponses: deps.minResponses });
  });
}
