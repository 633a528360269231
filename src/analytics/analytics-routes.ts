import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { JALALI_PERIODS } from '../calendar/index.ts';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { dateString, parseInput, validationError } from '../shared/index.ts';
import { GROUP_BYS, type RequestFilter } from './analytics-repository.ts';
import { accountability, requestCounts, resolution } from './analytics-service.ts';

// 137's managers look at the figures; operators and unit users do not (a unit sees its own inbox).
const READERS = { preHandler: requireRole('supervisor', 'admin', 'viewer') };
// Years of daily rows are cheap, but a range has to end somewhere: ten years of days.
const MAX_RANGE_DAYS = 3660;

const id = z.coerce.number().int().positive().max(2_147_483_647).optional();
const range = z.object({ from: dateString('from'), to: dateString('to') });
const filters = range.extend({
  groupBy: z.enum(GROUP_BYS),
  categoryId: id,
  districtId: id,
  unitId: id,
  hazard: z.enum(['true', 'false']).optional(),
});
const countsQuery = filters.extend({ period: z.enum(JALALI_PERIODS) });

function checkRange(from: string, to: string): void {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days < 0) throw validationError('from must not be after to');
  if (days > MAX_RANGE_DAYS) throw validationError(`at most ${MAX_RANGE_DAYS} days at once`);
}

export function registerAnalyticsRoutes(app: FastifyInstance, deps: { db: Db; timeZone: string }): void {
  const { db, timeZone } = deps;
  const filterOf = (q: z.infer<typeof filters>): RequestFilter => {
    checkRange(q.from, q.to);
    return {
      timeZone,
      from: q.from,
      to: q.to,
      categoryId: q.categoryId ?? null,
      districtId: q.districtId ?? null,
      unitId: q.unitId ?? null,
      hazard: q.hazard === undefined ? null : q.hazard === 'true',
    };
  };
  const audit = (req: Parameters<typeof currentUser>[0], what: string, query: unknown) =>
    recordAudit(db, currentUser(req).id, 'analytics-viewed', `analytics:${what}`, query);

  app.get('/analytics/requests', READERS, async (req) => {
    const q = parseInput(countsQuery, req.query ?? {});
    const out = await requestCounts(db, q.groupBy, q.period, filterOf(q));
    await audit(req, 'requests', q);
    return out;
  });
  app.get('/analytics/resolution', READERS, async (req) => {
    const q = parseInput(filters, req.query ?? {});
    const out = await resolution(db, q.groupBy, filterOf(q));
    await audit(req, 'resolution', q);
    return out;
  });
  app.get('/analytics/units', READERS, async (req) => {
    const q = parseInput(range, req.query ?? {});
    checkRange(q.from, q.to);
    const out = await accountability(db, { timeZone, from: q.from, to: q.to, now: new Date() });
    await audit(req, 'units', q);
    return out;
  });
}
