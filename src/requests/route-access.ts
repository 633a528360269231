import type { FastifyRequest } from 'fastify';
import { currentUser, requireRole, STAFF_ROLES, UNIT_ROLES } from '../auth/index.ts';
import type { RequestService } from './request-service.ts';
import type { Actor } from './request-types.ts';

// Who may call what: viewers read; operators, supervisors and admins also write; only admins
// edit the district and neighbourhood lists. A unit's people read their units' requests and act
// on them (the services hold them to their units and refuse the 137-only look-ups).

export interface RequestRoutesDeps {
  service: RequestService;
}

export const READ = { preHandler: requireRole(...STAFF_ROLES) };
/** The 137 staff and the units' people (the pick lists, a request's page, the lists held to a unit). */
export const READ_ANY = { preHandler: requireRole(...STAFF_ROLES, ...UNIT_ROLES) };
/**
 * READ_ANY and neighbourhood councils: the pick lists, the worklist and a request's page, held to
 * their neighbourhoods and stripped of personal data by the services (see council-scope.ts).
 */
export const READ_WITH_COUNCIL = { preHandler: requireRole(...STAFF_ROLES, ...UNIT_ROLES, 'council') };
export const WRITE = { preHandler: requireRole('operator', 'supervisor', 'admin') };
/** Writers and the units' people: notes and status changes (a unit only on the requests it holds). */
export const ACT = { preHandler: requireRole('operator', 'supervisor', 'admin', ...UNIT_ROLES) };
export const SUPERVISE = { preHandler: requireRole('supervisor', 'admin') };
export const ADMIN = { preHandler: requireRole('admin') };

/** The acting user comes from the session, never from a request body. */
export function actorOf(req: FastifyRequest): Actor {
  const u = currentUser(req);
  return { userId: u.id, role: u.role, unitIds: u.unitIds, neighbourhoodIds: u.neighbourhoodIds };
}
