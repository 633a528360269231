import type { FastifyInstance } from 'fastify';
import { parseInput } from '../shared/index.ts';
import { requestDocs as docs } from './request-route-docs.ts';
import { ACT, actorOf, READ, READ_WITH_COUNCIL, SUPERVISE, WRITE, type RequestRoutesDeps } from './route-access.ts';
import {
  bulkBody,
  duplicatesQuery,
  idempotencyKey,
  idParams,
  noteBody,
  referralBody,
  registerBody,
  reporterBody,
  searchQuery,
  statusBody,
} from './request-schemas.ts';
import { registerTaxonomyRoutes } from './taxonomy-routes.ts';
import { refuseUnitRoles } from './unit-scope.ts';
import { worklistQuery } from './worklist.ts';

// Thin edge: parse, take the acting user from the session, call the service. Durability: the
// service resolves only after COMMIT, so a 201 means the request is stored.

export function registerRequestRoutes(app: FastifyInstance, deps: RequestRoutesDeps): void {
  const { service } = deps;
  registerTaxonomyRoutes(app, deps);

  app.post('/requests', { ...WRITE, ...docs.register }, async (req, reply) => {
    const body = parseInput(registerBody, req.body);
    // A repeat of the key (the desk retrying) gets the first request's answer, 201 as the first time.
    const key = parseInput(idempotencyKey, req.headers['idempotency-key']);
    return reply.code(201).send(await service.register(body, actorOf(req), key));
  });

  app.get('/requests/duplicates', { ...READ, ...docs.duplicates }, async (req) =>
    service.findDuplicates(parseInput(duplicatesQuery, req.query), actorOf(req)),
  );

  app.get('/requests', { ...READ_WITH_COUNCIL, ...docs.list }, async (req) => {
    // The desk's look-up by tracking code or phone is unchanged; without either it is the worklist.
    const raw = (req.query ?? {}) as Record<string, unknown>;
    if (raw.trackingCode === undefined && raw.phone === undefined)
      return service.worklist(parseInput(worklistQuery, raw), actorOf(req));
    refuseUnitRoles(actorOf(req), 'Looking requests up by tracking code or phone number');
    const query = parseInput(searchQuery, raw);
    if (query.trackingCode) return service.findByTrackingCode(query.trackingCode, actorOf(req));
    return service.listByPhone(query.phone!, actorOf(req));
  });

  app.post('/requests/bulk', { ...SUPERVISE, ...docs.bulk }, async (req) =>
    service.bulk(parseInput(bulkBody, req.body), actorOf(req)),
  );

  app.get('/requests/:id', { ...READ_WITH_COUNCIL, ...docs.get }, async (req) =>
    service.getRequest(parseInput(idParams, req.params).id, actorOf(req)),
  );

  app.post('/requests/:id/reporters', { ...WRITE, ...docs.reporters }, async (req) => {
    const { id } = parseInput(idParams, req.params);
    return service.linkReporter(id, parseInput(reporterBody, req.body), actorOf(req));
  });

  app.post('/requests/:id/notes', { ...ACT, ...docs.notes }, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    const { text } = parseInput(noteBody, req.body);
    return reply.code(201).send(await service.addNote(id, text, actorOf(req)));
  });

  app.post('/requests/:id/status', { ...ACT, ...docs.status }, async (req) => {
    const { id } = parseInput(idParams, req.params);
    return service.changeStatus(id, parseInput(statusBody, req.body), actorOf(req));
  });

  app.post('/requests/:id/referrals', { ...WRITE, ...docs.referrals }, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    return reply.code(201).send(await service.refer(id, parseInput(referralBody, req.body), actorOf(req)));
  });
}
