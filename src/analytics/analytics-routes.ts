import type { FastifyInstance } from 'fastify';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { parseInput } from '../shared/index.ts';
import { countsQuery, filterOf, groupedQuery, neighbourhoodScope, rangeQuery, checkRange } from './analytics-query.ts';
import { ANALYTICS_DOCS as DOCS } from './analytics-docs.ts';
import { accountability, requestCounts, resolution } from './analytics-service.ts';
import { registerAnalyticsExportRoutes } from './analytics-export-routes.ts';
import { registerPlaceRoutes } from './places-routes.ts';

// 137's managers look at the figures; operators and unit users do not (a unit sees its own inbox).
// The city's managers read them all; a council member reads their neighbourhoods' (analytics-query.ts).
export const READERS = { preHandler: requireRole('supervisor', 'admin', 'viewer', 'manager', 'council') };

export function registerAnalyticsRoutes(app: FastifyInstance, deps: { db: Db; timeZone: string }): void {
  const { db, timeZone } = deps;
  const audit = (req: Parameters<typeof currentUser>[0], what: string, query: unknown) =>
    recordAudit(db, currentUser(req).id, 'analytics-viewed', `analytics:${what}`, query);

  app.get('/analytics/requests', { ...READERS, schema: DOCS.requests }, async (req) => {
    const q = parseInput(countsQuery, req.query ?? {});
    const out = await requestCounts(db, q.groupBy, q.period, filterOf(q, currentUser(req), timeZone));
    await audit(req, 'requests', q);
    return out;
  });
  app.get('/analytics/resolution', { ...READERS, schema: DOCS.resolution }, async (req) => {
    const q = parseInput(groupedQuery, req.query ?? {});
    const out = await resolution(db, q.groupBy, filterOf(q, currentUser(req), timeZone));
    await audit(req, 'resolution', q);
    return out;
  });
  app.get('/analytics/units', { ...READERS, schema: DOCS.units }, async (req) => {
    const q = parseInput(rangeQuery, req.query ?? {});
    checkRange(q.from, q.to);
    const neighbourhoodIds = neighbourhoodScope(currentUser(req), q.neighbourhoodId);
    const out = await accountability(db, { timeZone, from: q.from, to: q.to, now: new Date(), neighbourhoodIds });
    await audit(req, 'units', q);
    return out;
  });
  registerPlaceRoutes(app, deps, READERS);
  registerAnalyticsExportRoutes(app, deps, READERS);
}
