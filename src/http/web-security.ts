import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../shared/index.ts';

export interface WebSecurity {
  /** Browser origins besides the app's own (its Host) allowed to send changes and open sockets. */
  allowedOrigins: string[];
  /** TLS is in front (COOKIE_SECURE): also send Strict-Transport-Security. */
  hsts: boolean;
  /** Image sources besides the app's own: the analytics map's tile server (MAP_TILE_URL), if any. */
  imgOrigins?: string[];
}

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a browser request may act with the user's cookie. Browsers send Origin on every
 * cross-origin request and on WebSocket handshakes, and the session cookie is SameSite=Strict —
 * which still travels from another port of the same host (same site, other origin): the Origin
 * must be the app's own (its Host header) or listed. No Origin (curl, scripts, a same-origin GET)
 * is let through unless Sec-Fetch-Site says the request came from somewhere else.
 */
export function originAllowed(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) {
    const site = headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
  if (!URL.canParse(origin)) return false; // "null": a sandboxed frame, a file, a redirect chain
  const url = new URL(origin);
  if (allowed.includes(url.origin)) return true;
  const host = headers.host?.toLowerCase();
  return host !== undefined && url.host.toLowerCase() === host;
}

/**
 * The API scope refuses a change (POST, PUT, PATCH, DELETE) from a foreign origin, and any
 * change whose body is not JSON (or a type one route declared with its own parser, such as the
 * WAV upload): an HTML form can post text/plain, urlencoded or multipart across origins without
 * asking, never JSON. fastify's text/plain parser is removed from the scope for the same reason.
 */
export function guardChanges(api: FastifyInstance, sec: WebSecurity): void {
  api.removeContentTypeParser('text/plain');
  api.addHook('onRequest', async (req: FastifyRequest) => {
    if (!CHANGES.has(req.method)) return;
    if (!originAllowed(req.headers, sec.allowedOrigins))
      throw new AppError(
        'FOREIGN_ORIGIN',
        403,
        `Requests from ${req.headers.origin ?? 'another site'} may not change anything here`,
      );
    const type = req.headers['content-type'];
    if (type === undefined) return; // no body: nothing for a form to smuggle, and the origin passed
    const media = type.split(';')[0]!.trim().toLowerCase();
    if (media !== 'application/json' && !req.server.hasContentTypeParser(media))
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as JSON (Content-Type: application/json)');
  });
}

/**
 * Security headers on every response (helmet): a CSP for the built web app (its own scripts,
 * styles, fonts and socket only; no inline code, no framing), nosniff, no referrer leaving the
 * site, and HSTS only when TLS is in front (it would pin a plain-HTTP intranet host otherwise).
 */
export function registerSecurityHeaders(app: FastifyInstance, sec: WebSecurity): void {
  app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(sec.imgOrigins ?? [])],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: sec.hsts ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // Same origin for everything the app loads; the app is never embedded.
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
