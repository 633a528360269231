import { request } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Cluster } from '../cluster/index.ts';
import { AppError, toErrorBody, type Logger } from '../shared/index.ts';

/**
 * The routes whose answer is the live CTI picture (calls, queues, operators' states, offers made to
 * desks) or an act on the PBX's links: only the owner of the links has them right, so a standby
 * node passes them on to it, with the caller's own session (the owner checks it and the role
 * again). Everything else (requests, the office, analytics) reads and writes PostgreSQL and is
 * served by whichever node the load balancer chose.
 */
export const LIVE_ROUTES = new Set([
  'GET /api/v1/calls',
  'GET /api/v1/calls/:id',
  'GET /api/v1/queues',
  'GET /api/v1/kpis',
  'GET /api/v1/operators',
  'GET /api/v1/operators/me',
  'POST /api/v1/operators/me/state',
  'POST /api/v1/operators/:id/pause',
  'POST /api/v1/operators/:id/unpause',
  'POST /api/v1/operators/:id/logout',
  'POST /api/v1/supervision/:operatorId/listen',
  'POST /api/v1/supervision/:operatorId/whisper',
  'POST /api/v1/supervision/:operatorId/barge',
  'POST /api/v1/callbacks/:id/dial',
  'POST /api/v1/callbacks/:id/outcome',
  'POST /api/v1/triage/:id/register',
  'POST /api/v1/triage/:id/link',
  'POST /api/v1/triage/:id/dismiss',
  'POST /api/v1/triage/:id/resolve',
  'GET /api/v1/desk/snapshot',
  'GET /api/v1/wallboard/snapshot',
]);

/** A request already passed on once is never passed on again (the hands changed meanwhile). */
const FORWARDED = 'x-cti137-forwarded-by';
const TIMEOUT_MS = 5000;
const PASSED_ON = [
  'cookie',
  'origin',
  'content-type',
  'accept',
  'accept-language',
  'user-agent',
  'host',
  'sec-fetch-site',
];

export function forwardLiveRoutes(http: FastifyInstance, cluster: Cluster, log: Logger): void {
  http.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (cluster.isOwner() || !LIVE_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) return;
    const owner = cluster.ownerUrl();
    if (!owner || req.headers[FORWARDED])
      throw new AppError('UNAVAILABLE', 503, 'The PBX is changing hands between nodes; try again in a moment');
    try {
      const res = await passOn(owner, req, cluster.node);
      reply.code(res.status).header('content-type', res.type).header('cache-control', 'no-store');
      return reply.send(res.body);
    } catch (err) {
      log.warn({ err: (err as Error).message, url: req.url, owner }, 'could not pass a live request to the owner');
      return reply
        .code(503)
        .send(toErrorBody(new AppError('UNAVAILABLE', 503, 'The owner of the PBX did not answer; try again')));
    }
  });
}

function passOn(
  base: string,
  req: FastifyRequest,
  node: string,
): Promise<{ status: number; type: string; body: Buffer }> {
  const headers: Record<string, string> = { [FORWARDED]: node };
  for (const h of PASSED_ON) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const out = request(new URL(req.url, base), { method: req.method, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 502,
          type: res.headers['content-type'] ?? 'application/json',
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    out.on('timeout', () => out.destroy(new Error('owner timed out')));
    out.on('error', reject);
    out.end(body);
  });
}
