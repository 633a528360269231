import type { FastifyInstance } from 'fastify';
import { parseInput } from '../shared/index.ts';
import { actorOf, ADMIN, READ_ANY, READ_WITH_COUNCIL, type RequestRoutesDeps } from './route-access.ts';
import { registerTaxonomyAdminRoutes } from './taxonomy-admin-routes.ts';
import {
  placeBody,
  renameDistrictBody,
  smallIdParams,
  templatesQuery,
  updateNeighbourhoodBody,
} from './request-schemas.ts';

export function registerTaxonomyRoutes(app: FastifyInstance, { service }: RequestRoutesDeps): void {
  registerTaxonomyAdminRoutes(app, { service });
  // The pick lists hold no one's data: councils filter their lists and figures with them too.
  app.get('/categories', READ_WITH_COUNCIL, async () => service.categories());
  app.get('/districts', READ_WITH_COUNCIL, async () => service.districts());
  app.get('/templates', READ_ANY, async (req) =>
    service.templates(parseInput(templatesQuery, req.query).categoryId ?? null),
  );

  app.post('/districts', ADMIN, async (req, reply) => {
    const body = parseInput(placeBody, req.body);
    return reply.code(201).send(await service.addDistrict(body.nameFa, body.nameEn, actorOf(req)));
  });

  app.patch('/districts/:id', ADMIN, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.renameDistrict(id, parseInput(renameDistrictBody, req.body), actorOf(req));
  });

  app.post('/districts/:id/neighbourhoods', ADMIN, async (req, reply) => {
    const { id } = parseInput(smallIdParams, req.params);
    const body = parseInput(placeBody, req.body);
    return reply.code(201).send(await service.addNeighbourhood(id, body.nameFa, body.nameEn, actorOf(req)));
  });

  app.patch('/neighbourhoods/:id', ADMIN, async (req) => {
    const { id } = parseInput(smallIdParams, req.params);
    return service.updateNeighbourhood(id, parseInput(updateNeighbourhoodBody, req.body), actorOf(req));
  });
}
