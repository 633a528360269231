import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_SECURITY } from '../shared/index.ts';

export interface DocsOptions {
  /** Throws (401/403) unless the request may read the API's documentation; the app resolves the session. */
  authorize: (req: FastifyRequest) => Promise<void>;
  /** The session cookie's name, for the document's security scheme. */
  sessionCookie: string;
  version?: string;
}

/**
 * The OpenAPI 3 document of the REST API (/api/v1 only: the web app, /health and machine doors
 * stay out), collected from the routes' `schema` (see shared/api-doc.ts), and Swagger UI at /docs
 * with its assets from node_modules (nothing from a CDN). Registered before any route, so every
 * route is seen; every /docs route (page, assets, /docs/json) asks `authorize` first.
 */
export function registerOpenApi(app: FastifyInstance, o: DocsOptions): void {
  // At the root, not inside a plugin of ours: swagger's onRoute hook must see every scope's routes.
  app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'cti137 REST API',
        description: 'The 137 centre: calls, requests, the back office. Errors are `{"error":{"code","message"}}`.',
        version: o.version ?? '1',
      },
      components: { securitySchemes: { [SESSION_SECURITY]: { type: 'apiKey', in: 'cookie', name: o.sessionCookie } } },
    },
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1/') ? schema : { ...schema, hide: true },
      url,
    }),
  });
  // A scope of its own, so the check covers every route the UI adds, its static files included.
  app.register(async (scope) => {
    scope.addHook('onRequest', async (req) => o.authorize(req));
    // Swagger UI (React) sets style attributes; only here are inline styles allowed, never scripts.
    scope.addHook('onSend', async (_req, reply, payload) => {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string')
        reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
      return payload;
    });
    await scope.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      // Our helmet CSP (same origin only) already covers the page: its scripts and styles are files of ours.
      staticCSP: false,
    });
  });
}

/**
 * The /api/v1 scope's compilers when routes carry schemas for the document: nothing is validated
 * or reshaped by fastify (zod in each handler does it, with one error format), and responses are
 * serialized as they are (a response schema must never drop a field).
 */
export function documentationOnlySchemas(api: FastifyInstance): void {
  api.setValidatorCompiler(() => (data) => ({ value: data }));
  api.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
