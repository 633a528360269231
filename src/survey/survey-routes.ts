import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { currentUser, parseInput, requireRole } from '../http/guards.ts';
import { forbidden, notFound } from '../shared/errors.ts';
import { scoreBoard, type ScoreQuery } from './survey-scores.ts';
import { scoreTrend } from './survey-trend.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const query = z.object({
  from: day.optional(),
  to: day.optional(),
  shift: z.string().max(40).optional(),
});
const trendQuery = z.object({
  operatorId: z.string().regex(/^\d{1,18}$/, 'must be a number').optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export interface SurveyRoutesDeps {
  db: Db;
  priorWeight: number;
  minResponses: number;
  /** The centre's time zone: a trend's days are the centre's days. */
  timeZone?: string;
}

/**
 * Scores never name a caller: every figure is an aggregate per operator, and no route here returns
 * a phone number, a call id or a single answer, so an operator cannot tell who rated them.
 */
export function registerSurveyRoutes(app: FastifyInstance, deps: SurveyRoutesDeps): void {
  const board = (q: z.infer<typeof query>) => {
    const sq: ScoreQuery = { ...q, priorWeight: deps.priorWeight, minResponses: deps.minResponses };
    return scoreBoard(deps.db, sq);
  };
  const one = async (id: string, q: z.infer<typeof query>) => {
    const b = await board(q);
    const mine = b.operators.find((s) => s.operatorId === id);
    if (!mine) throw notFound('Operator');
    const { operators: _all, ...context } = b;
    return { ...mine, ...context };
  };

  // Operators see their own scores; supervisors and admins see anyone's.
  app.get('/api/v1/operators/me/scores', { preHandler: requireRole('operator', 'supervisor', 'admin') }, async (req) => {
    const u = currentUser(req);
    if (!u.operatorId) throw notFound('Operator');
    return one(u.operatorId, parseInput(query, req.query));
  });

  app.get<{ Params: { id: string } }>('/api/v1/operators/:id/scores', { preHandler: requireRole('operator', 'supervisor', 'admin', 'viewer') }, async (req) => {
    const u = currentUser(req);
    if (u.role === 'operator' && u.operatorId !== req.params.id) throw forbidden('Operators can see only their own scores');
    if (!/^\d+$/.test(req.params.id)) throw notFound('Operator');
    return one(req.params.id, parseInput(query, req.query));
  });

  app.get('/api/v1/scores', { preHandler: requireRole('supervisor', 'admin', 'viewer') }, async (req) => board(parseInput(query, req.query)));

  // Daily means. An operator gets only their own line (operatorId left out, or their own);
  // supervisors, admins and viewers may ask for anyone's, or for the whole centre without operatorId.
  app.get('/api/v1/scores/trend', { preHandler: requireRole('operator', 'supervisor', 'admin', 'viewer') }, async (req) => {
    const u = currentUser(req);
    const q = parseInput(trendQuery, req.query);
    let operatorId = q.operatorId ?? null;
    if (u.role === 'operator') {
      if (!u.operatorId) throw notFound('Operator');
      if (operatorId !== null && operatorId !== u.operatorId) throw forbidden('Operators can see only their own scores');
      operatorId = u.operatorId;
    }
    return scoreTrend(deps.db, { operatorId, days: q.days, timeZone: deps.timeZone ?? 'Asia/Tehran' });
  });
}
