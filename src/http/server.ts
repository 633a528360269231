import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, toErrorBody, type Logger } from '../shared/index.ts';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ServerDeps {
  logger: Logger;
  /**
   * Plugins of the `/api/v1` scope, in order: the first resolves the session (auth's), then each
   * domain adds its routes with paths relative to the prefix. The server knows nothing about them.
   */
  api: Array<(api: FastifyInstance) => void>;
  health: () => Promise<{ ok: boolean; details: Record<string, unknown> }>;
}

/** Build the HTTP app without listening, so tests can use inject() and main.ts owns listen/close. */
export function buildServer(deps: ServerDeps): FastifyInstance {
  // Cast: pino's Logger type is richer than FastifyBaseLogger, which would make the app a different generic type.
  const app = Fastify({
    loggerInstance: deps.logger.child({ mod: 'http' }) as unknown as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    // Per-request lines would drown the CTI events in the log; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.register(cookie);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.code(err.status).send(toErrorBody(err));
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.statusCode && e.statusCode < 500) {
      // fastify's own 4xx: bad JSON, body too large, wrong content type.
      const code = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
      return reply.code(e.statusCode).send(toErrorBody(new AppError(code, e.statusCode, e.message)));
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
      for (const register of deps.api) register(api);
    },
    { prefix: '/api/v1' },
  );

  if (existsSync(WEB_DIST)) {
    app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: 0 });
  } else {
    deps.logger.warn({ dir: WEB_DIST }, 'web/dist is missing: run `npm run build:web` to serve the desk');
  }
  return app;
}
