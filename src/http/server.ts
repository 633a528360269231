import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { guardChanges, registerSecurityHeaders, type WebSecurity } from './web-security.ts';
import { documentationOnlySchemas, registerOpenApi, type DocsOptions } from './openapi.ts';
import { AppError, isDatabaseUnreachable, toErrorBody, type Logger } from '../shared/index.ts';

const ROUTES = new WeakMap<FastifyInstance, Array<{ method: string; url: string }>>();

/** Every route, as registered: the role × route test walks it, so a new route cannot go unchecked. */
function recordRoutes(app: FastifyInstance): void {
  const routes: Array<{ method: string; url: string }> = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
}

/** The routes of a server built by buildServer (method and full path), once it is ready. */
export function listRoutes(app: FastifyInstance): Array<{ method: string; url: string }> {
  return [...(ROUTES.get(app) ?? [])];
}

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ServerDeps {
  logger: Logger;
  /**
   * Plugins of the `/api/v1` scope, in order: the first resolves the session (auth's), then each
   * domain adds its routes with paths relative to the prefix. The server knows nothing about them.
   */
  api: Array<(api: FastifyInstance) => void>;
  /** Plugins registered at the root, outside `/api/v1` (see Host.outside). */
  outside?: Array<(app: FastifyInstance) => void>;
  health: () => Promise<{ ok: boolean; details: Record<string, unknown> }>;
  /** Origin and JSON checks on the API's changes, security headers on every response (default: own origin only, no HSTS). */
  security?: WebSecurity;
  /** Proxies whose X-Forwarded-For/-Proto/-Host are believed (req.ip is then the client's); default none. */
  trustProxy?: string[];
  /**
   * REST requests a minute per client on the API scope; `clientKey` names the client (the app
   * gives the signed-in user), else the request's address counts. Unset: no limit.
   */
  rateLimit?: { perMinute: number; clientKey: (req: FastifyRequest) => string | null };
  /** The OpenAPI document and Swagger UI at /docs, for those `authorize` lets in; unset: no /docs. */
  docs?: DocsOptions;
}

/** Build the HTTP app without listening, so tests can use inject() and main.ts owns listen/close. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  // Cast: pino's Logger type is richer than FastifyBaseLogger, which would make the app a different generic type.
  const app = Fastify({
    loggerInstance: deps.logger.child({ mod: 'http' }) as unknown as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    // Per-request lines would drown the CTI events in the log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: deps.trustProxy?.length ? deps.trustProxy : false,
  });

  app.register(cookie);
  const security = deps.security ?? { allowedOrigins: [], hsts: false };
  registerSecurityHeaders(app, security);
  recordRoutes(app);
  if (deps.docs) registerOpenApi(app, deps.docs);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(toErrorBody(err));
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.statusCode && e.statusCode < 500) {
      // fastify's own 4xx: bad JSON, body too large, wrong content type.
      const code = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
      return reply.code(e.statusCode).send(toErrorBody(new AppError(code, e.statusCode, e.message)));
    }
    if (isDatabaseUnreachable(err)) {
      req.log.warn({ err: e.message }, 'database unreachable; answered 503');
      // The client keeps what it sent and tries again (registrations carry an
      // idempotency key, so a retry never makes a second request).
      return reply
        .code(503)
        .header('retry-after', '2')
        .send(
          toErrorBody(
            new AppError(
              'DATABASE_UNAVAILABLE',
              503,
              'The database is not reachable right now; please send it again in a moment',
            ),
          ),
        );
    }
    req.log.error({ err }, 'unhandled error');
    // 5xx details stay in the log, never in the response.
    return reply
      .code(500)
      .send(toErrorBody(new AppError('INTERNAL', 500, 'Something went wrong on the server; please try again')));
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/'))
      return reply
        .code(404)
        .send(toErrorBody(new AppError('NOT_FOUND', 404, `No route ${req.method} ${req.url.split('?')[0]}`)));
    return reply.sendFile('index.html');
  });

  app.get('/health', async (_req, reply) => {
    const h = await deps.health();
    return reply.code(h.ok ? 200 : 503).send({ status: h.ok ? 'ok' : 'degraded', ...h.details });
  });

  // One encapsulated scope for the REST API (fastify's way): its hooks never touch static files.
  app.register(
    async (api) => {
      guardChanges(api, security);
      documentationOnlySchemas(api);
      if (deps.rateLimit) await api.register(rateLimit, apiRateLimit(deps.rateLimit));
      for (const register of deps.api) register(api);
    },
    { prefix: '/api/v1' },
  );
  for (const register of deps.outside ?? []) app.register(async (scope) => register(scope));

  if (existsSync(WEB_DIST)) {
    app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: 0 });
  } else {
    deps.logger.warn({ dir: WEB_DIST }, 'web/dist is missing: run `npm run build:web` to serve the desk');
  }
  return app;
}

/**
 * One client flooding the API (a script with a stolen session, a stuck tab) would hold the
 * database pool for everyone. Counted after the session is resolved (preValidation), so the key
 * is the user when there is one; a refused request gets 429 with Retry-After.
 */
function apiRateLimit(o: NonNullable<ServerDeps['rateLimit']>) {
  return {
    max: o.perMinute,
    timeWindow: 60_000,
    hook: 'preValidation' as const,
    keyGenerator: (req: FastifyRequest) => {
      const client = o.clientKey(req);
      return client ? `client:${client}` : `addr:${req.ip}`;
    },
    errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string }) =>
      new AppError('RATE_LIMITED', 429, `Too many requests; try again in ${ctx.after}`),
  };
}
