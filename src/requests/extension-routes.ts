import type { FastifyInstance } from 'fastify';
import { requireRole, UNIT_ROLES } from '../auth/index.ts';
import { parseInput } from '../shared/index.ts';
import {
  decisionBody,
  extensionBody,
  extensionIdParams,
  extensionListQuery,
  type Extensions,
} from './extension-service.ts';
import { unitWorkDocs as docs } from './request-route-docs.ts';
import { idParams } from './request-schemas.ts';
import { actorOf } from './route-access.ts';

// Requests for more time: the unit asks (on the request it holds), a 137 supervisor or admin decides.

const UNIT = { preHandler: requireRole(...UNIT_ROLES) };
const DECIDERS = { preHandler: requireRole('supervisor', 'admin') };

export function registerExtensionRoutes(app: FastifyInstance, extensions: Extensions): void {
  app.post('/requests/:id/extensions', { ...UNIT, ...docs.askMoreTime }, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    return reply.code(201).send(await extensions.request(id, parseInput(extensionBody, req.body), actorOf(req)));
  });

  app.get('/extensions', { ...DECIDERS, ...docs.listMoreTime }, async (req) => ({
    items: await extensions.list(parseInput(extensionListQuery, req.query ?? {})),
  }));

  app.post('/extensions/:id/decision', { ...DECIDERS, ...docs.decideMoreTime }, async (req) => {
    const { id } = parseInput(extensionIdParams, req.params);
    return extensions.decide(id, parseInput(decisionBody, req.body), actorOf(req));
  });
}
