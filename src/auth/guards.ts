import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import type { Role, SessionUser } from './auth-types.ts';
import { forbidden, unauthorized } from '../shared/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Whether the city's `manager` passes a guard: they read whatever the 137 centre's supervisors or
 * viewers read and change nothing. Decided here, once, rather than by adding 'manager' to every
 * route: a route written later for supervisors is readable by managers without anyone remembering
 * them, and no route that changes something can ever let a manager through, even if listed.
 */
export function managerPasses(method: string, roles: readonly Role[]): boolean {
  if (!READS.has(method)) return false;
  return roles.length === 0 || roles.includes('manager') || roles.includes('supervisor') || roles.includes('viewer');
}

/**
 * preHandler: the request must come from a signed-in user with one of these roles; with none
 * listed, any signed-in user (only for what everyone may see about themselves, e.g. /auth/me).
 * A `manager` passes by managerPasses; a `council` member only where 'council' is listed.
 */
export function requireRole(...roles: readonly Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!req.user) throw unauthorized();
    if (req.user.role === 'manager') {
      if (!managerPasses(req.method, roles)) throw forbidden('The manager role reads; it changes nothing');
      return;
    }
    if (roles.length && !roles.includes(req.user.role)) throw forbidden();
  };
}

/** The signed-in user (guards ran before, so it is there). */
export function currentUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

/** The signed-in user's operator id, for routes only an operator with a phone can use. */
export function currentOperatorId(req: FastifyRequest): string {
  const u = currentUser(req);
  if (!u.operatorId) throw forbidden('Only an operator with a phone extension can do this');
  return u.operatorId;
}

/**
 * The API scope's first plugin: resolve the session cookie once per request, so guards only check
 * roles. Registered inside the `/api/v1` scope, it never runs for the static web app.
 */
export function sessionResolver(auth: AuthService) {
  return (api: FastifyInstance): void => {
    api.decorateRequest('user', null);
    api.addHook('onRequest', async (req) => {
      req.user = await auth.authenticate(req.cookies[SESSION_COOKIE]);
    });
  };
}
