import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, SessionUser } from '../auth/auth-types.ts';
import { forbidden, unauthorized, validationError } from '../shared/errors.ts';
import type { z } from 'zod';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

/** preHandler: the request must come from a signed-in user with one of these roles. */
export function requireRole(...roles: Role[]) {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    if (!req.user) throw unauthorized();
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

/** Parse a body/query with zod and turn problems into one VALIDATION error listing each field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const fields = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    throw validationError(`Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
  }
  return r.data;
}
