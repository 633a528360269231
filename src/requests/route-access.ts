import type { FastifyRequest } from 'fastify';
import { currentUser, requireRole, STAFF_ROLES } from '../auth/index.ts';
import type { RequestService } from './request-service.ts';
import type { Actor } from './request-types.ts';

// Who may call what: viewers read; operators, supervisors and admins also write; only admins
// edit the district and neighbourhood lists.

export interface RequestRoutesDeps {
  service: RequestService;
}

export const READ = { preHandler: requireRole(...STAFF_ROLES) };
export const WRITE = { preHandler: requireRole('operator', 'supervisor', 'admin') };
export const ADMIN = { preHandler: requireRole('admin') };

/** The acting user comes from the session, never from a request body. */
export function actorOf(req: FastifyRequest): Actor {
  const u = currentUser(req);
  return { userId: u.id, role: u.role, unitIds: u.unitIds };
}
