import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { currentUser } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { parseInput } from '../shared/index.ts';
import { ANALYTICS_DOCS as DOCS } from './analytics-docs.ts';
import { filterOf, filterQuery, hotspotQuery, topQuery } from './analytics-query.ts';
import { heat, hotspotList, topCategoriesPerPlace } from './places-service.ts';

// GET /analytics/heat, /analytics/top-categories, /analytics/hotspots: the same readers, filters,
// council scope and audit as the other figures. A trend line needs no route of its own:
// /analytics/requests?period=week&groupBy=category[&categoryId=…] gives counts per week, and its
// `periods` lists every week of the range, also the empty ones.

export function registerPlaceRoutes(
  app: FastifyInstance,
  deps: { db: Db; timeZone: string },
  readers: RouteShorthandOptions,
): void {
  const { db, timeZone } = deps;
  const audit = (req: Parameters<typeof currentUser>[0], what: string, query: unknown) =>
    recordAudit(db, currentUser(req).id, 'analytics-viewed', `analytics:${what}`, query);

  app.get('/analytics/heat', { ...readers, schema: DOCS.heat }, async (req) => {
    const q = parseInput(filterQuery, req.query ?? {});
    const out = await heat(db, filterOf(q, currentUser(req), timeZone));
    await audit(req, 'heat', q);
    return out;
  });
  app.get('/analytics/top-categories', { ...readers, schema: DOCS.topCategories }, async (req) => {
    const q = parseInput(topQuery, req.query ?? {});
    const out = await topCategoriesPerPlace(db, filterOf(q, currentUser(req), timeZone), q.limit);
    await audit(req, 'top-categories', q);
    return out;
  });
  app.get('/analytics/hotspots', { ...readers, schema: DOCS.hotspots }, async (req) => {
    const q = parseInput(hotspotQuery, req.query ?? {});
    const out = await hotspotList(db, filterOf(q, currentUser(req), timeZone), q);
    await audit(req, 'hotspots', q);
    return out;
  });
}
