// The HTTP server without a single domain in it: error shapes, /health, the /api/v1 scope and the
// built web app. The composition root hands it the plugins of the API scope.
export { buildServer, listRoutes, WEB_DIST, type ServerDeps } from './server.ts';
export { originAllowed, type WebSecurity } from './web-security.ts';
export type { DocsOptions } from './openapi.ts';
