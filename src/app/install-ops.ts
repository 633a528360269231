import type { FastifyRequest } from 'fastify';
import type { AriClient } from '../asterisk/ari/index.ts';
import { SESSION_COOKIE, type AuthService, type Role } from '../auth/index.ts';
import type { AppConfig } from '../config/index.ts';
import type { CtiHandle } from '../cti/index.ts';
import type { OutboundHandle } from '../outbound/index.ts';
import * as metrics from '../metrics/index.ts';
import { AppError, forbidden, RateLimiter, unauthorized, unavailable } from '../shared/index.ts';
import type { Core } from './core.ts';

/** Who may read the API's documentation (/docs): the 137 centre's staff and the city's managers. */
export const DOCS_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'viewer', 'manager'];

/**
 * /docs is outside the /api/v1 scope, so its session is resolved here (the sessions exist only once
 * auth is installed: `service` is read at each request). Unit people and council members get 403.
 */
export function docsAccess(service: () => AuthService | null) {
  // A page view loads about ten files, each checked against the sessions table: a flood is cut first.
  const limiter = new RateLimiter({ perMinute: 300, burst: 60 });
  return async (req: FastifyRequest): Promise<void> => {
    if (!limiter.take(req.ip)) throw new AppError('RATE_LIMITED', 429, 'Too many requests; try again in a minute');
    const auth = service();
    if (!auth) throw unavailable('STARTING', 'cti137 is starting; try again in a moment');
    const user = await auth.authenticate(req.cookies[SESSION_COOKIE]);
    if (!user) throw unauthorized();
    if (!DOCS_ROLES.includes(user.role)) throw forbidden("The API documentation is for the 137 centre's staff");
  };
}

/** GET /metrics of this node, fed by the CTI core and both links of every Asterisk server. */
export function installMetrics(
  core: Core,
  cfg: AppConfig,
  live: CtiHandle,
  aris: ReadonlyMap<string, AriClient>,
  outbound: OutboundHandle,
) {
  const links = { ami: live.amis, ari: aris };
  return metrics.install({ ...core, cti: live, links, outbound, access: cfg.ops.metrics });
}
