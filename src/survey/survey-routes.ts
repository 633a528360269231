import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import { currentUser, requireRole } from '../auth/index.ts';
import { apiDoc, dateString, forbidden, notFound, parseInput, validationError } from '../shared/index.ts';
import { releasedScores } from './score-release.ts';
import { scoreBoard, type ScoreQuery } from './survey-scores.ts';
import { scoreTrend } from './survey-trend.ts';

const day = dateString();
const query = z.object({
  from: day.optional(),
  to: day.optional(),
  shift: z.string().max(40).optional(),
});
const trendQuery = z.object({
  operatorId: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a number')
    .optional(),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export interface SurveyRoutesDeps {
  db: Db;
  priorWeight: number;
  minResponses: number;
  /** The centre's shifts and time zone: an operator's own figures are released per closed shift, a trend's days are the centre's days. */
  calendar: ShiftCalendar;
  /** K: an operator's figures change only when at least this many new ratings are in (default 5). */
  releaseMinRatings?: number;
}

/** The live board: every operator, with reach (supervisors and admins). */
function liveBoard(deps: SurveyRoutesDeps, q: z.infer<typeof query>) {
  const sq: ScoreQuery = { ...q, priorWeight: deps.priorWeight, minResponses: deps.minResponses, withReach: true };
  return scoreBoard(deps.db, sq);
}

/** One operator's live figures with the board's context. */
async function liveOne(deps: SurveyRoutesDeps, id: string, q: z.infer<typeof query>) {
  const b = await liveBoard(deps, q);
  const mine = b.operators.find((s) => s.operatorId === id);
  if (!mine) throw notFound('Operator');
  const { operators: _all, ...context } = b;
  return { ...mine, ...context };
}

/** An operator's own figures: the last release, never live (score-release.ts). */
async function released(deps: SurveyRoutesDeps, id: string, rawQuery: unknown) {
  const q = parseInput(query, rawQuery);
  if (q.from || q.to || q.shift) {
    throw validationError(
      'Operators see their figures as released for closed shifts; period filters are for supervisors',
      {
        fields: Object.keys(q).map((field) => ({ field, message: 'not available to operators' })),
      },
    );
  }
  const r = await releasedScores(
    {
      db: deps.db,
      calendar: deps.calendar,
      priorWeight: deps.priorWeight,
      minResponses: deps.minResponses,
      minNewRatings: deps.releaseMinRatings ?? 5,
    },
    id,
  );
  if (!r) throw notFound('Operator');
  return r;
}

/**
 * Scores never name a caller: every figure is an aggregate per operator, and no route here returns
 * a phone number, a call id or a single answer, so an operator cannot tell who rated them.
 */
export function registerSurveyRoutes(app: FastifyInstance, deps: SurveyRoutesDeps): void {
  const tags = 'survey';
  const opParams = z.object({ id: z.string().regex(/^\d+$/) });
  // Operators see their own released scores (supervisors and admins read anyone's live figures by id).
  const meDoc = apiDoc({
    summary: "The signed-in operator's released scores (closed shifts only)",
    tags,
    querystring: query,
  });
  app.get('/operators/me/scores', { preHandler: requireRole('operator'), schema: meDoc }, async (req) => {
    const u = currentUser(req);
    if (!u.operatorId) throw notFound('Operator');
    return released(deps, u.operatorId, req.query);
  });

  app.get<{ Params: { id: string } }>(
    '/operators/:id/scores',
    {
      preHandler: requireRole('operator', 'supervisor', 'admin'),
      schema: apiDoc({
        summary: "One operator's scores: live for supervisors and admins, released for the operator themself",
        tags,
        params: opParams,
        querystring: query,
      }),
    },
    async (req) => {
      const u = currentUser(req);
      if (u.role === 'operator' && u.operatorId !== req.params.id)
        throw forbidden('Operators can see only their own scores');
      if (!/^\d+$/.test(req.params.id)) throw notFound('Operator');
      if (u.role === 'operator') return released(deps, req.params.id, req.query);
      return liveOne(deps, req.params.id, parseInput(query, req.query));
    },
  );

  // Scores are people's appraisals: supervisors and admins only (a viewer sees the centre's figures, not people's).
  const boardDoc = apiDoc({
    summary: 'The live score board: Bayesian score and rank per operator',
    tags,
    querystring: query,
  });
  app.get('/scores', { preHandler: requireRole('supervisor', 'admin'), schema: boardDoc }, async (req) =>
    liveBoard(deps, parseInput(query, req.query)),
  );

  // Daily means, live: for supervisors and admins, anyone's or the whole centre's without
  // operatorId. Not for operators: a day's mean moving after a call would tell them that caller's rating.
  const trendDoc = apiDoc({
    summary: 'Daily mean scores of one operator or the centre',
    tags,
    querystring: trendQuery,
  });
  app.get('/scores/trend', { preHandler: requireRole('supervisor', 'admin'), schema: trendDoc }, async (req) => {
    const q = parseInput(trendQuery, req.query);
    return scoreTrend(deps.db, {
      operatorId: q.operatorId ?? null,
      days: q.days,
      timeZone: deps.calendar.timeZone,
    });
  });
}
