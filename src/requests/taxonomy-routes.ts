import type { FastifyInstance } from 'fastify';
import { apiDoc, parseInput, type RouteDocInput } from '../shared/index.ts';
import { actorOf, ADMIN, READ_ANY, READ_WITH_COUNCIL, type RequestRoutesDeps } from './route-access.ts';
import { registerTaxonomyAdminRoutes } from './taxonomy-admin-routes.ts';
import {
  placeBody,
  renameDistrictBody,
  smallIdParams,
  templatesQuery,
  updateNeighbourhoodBody,
} from './request-schemas.ts';

const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'requests', ...more }),
});
const PICK_LIST = '(137 staff, managers, units, councils)';
const created = (what: string) => ({ 201: { description: what } });

export function registerTaxonomyRoutes(app: FastifyInstance, { service }: RequestRoutesDeps): void {
  registerTaxonomyAdminRoutes(app, { service });
  // The pick lists hold no one's data: councils filter their lists and figures with them too.
  const categoriesDoc = doc(
    `The active categories (parent, unit, deadline, hazard), each group before its children ${PICK_LIST}`,
  );
  app.get('/categories', { ...READ_WITH_COUNCIL, ...categoriesDoc }, async () => service.categories());
  const districtsDoc = doc(`The districts with their neighbourhoods ${PICK_LIST}`);
  app.get('/districts', { ...READ_WITH_COUNCIL, ...districtsDoc }, async () => service.districts());
  const templatesDoc = doc("Answer templates: a category's and the general ones (137 staff, managers, units)", {
    querystring: templatesQuery,
  });
  app.get('/templates', { ...READ_ANY, ...templatesDoc }, async (req) =>
    service.templates(parseInput(templatesQuery, req.query).categoryId ?? null),
  );

  const addDistrictDoc = doc('Add a district; audited (admins only)', {
    body: placeBody,
    response: created('The district'),
  });
  app.post('/districts', { ...ADMIN, ...addDistrictDoc }, async (req, reply) => {
    const body = parseInput(placeBody, req.body);
    return reply.code(201).send(await service.addDistrict(body.nameFa, body.nameEn, actorOf(req)));
  });

  const renameDoc = doc('Rename a district or change its place in the list; audited (admins only)', {
    params: smallIdParams,
    body: renameDistrictBody,
  });
  app.patch('/districts/:id', { ...ADMIN, ...renameDoc }, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.renameDistrict(id, parseInput(renameDistrictBody, req.body), actorOf(req));
  });

  const addHoodDoc = doc('Add a neighbourhood to a district; audited (admins only)', {
    params: smallIdParams,
    body: placeBody,
    response: created('The neighbourhood'),
  });
  app.post('/districts/:id/neighbourhoods', { ...ADMIN, ...addHoodDoc }, async (req, reply) => {
    const { id } = parseInput(smallIdParams, req.params);
    const body = parseInput(placeBody, req.body);
    return reply.code(201).send(await service.addNeighbourhood(id, body.nameFa, body.nameEn, actorOf(req)));
  });

  const hoodDoc = doc('Rename a neighbourhood or move it to another district; audited (admins only)', {
    params: smallIdParams,
    body: updateNeighbourhoodBody,
  });
  app.patch('/neighbourhoods/:id', { ...ADMIN, ...hoodDoc }, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.updateNeighbourhood(id, parseInput(updateNeighbourhoodBody, req.body), actorOf(req));
  });
}
