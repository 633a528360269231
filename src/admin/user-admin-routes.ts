import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { apiDoc, parseInput, type RouteDocInput } from '../shared/index.ts';
import type { UserAdmin } from './user-admin-service.ts';

const ROLES = ['operator', 'supervisor', 'admin', 'viewer', 'unit', 'unit-manager', 'manager', 'council'] as const;

const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,40}$/, '3 to 40 of a-z, 0-9, _ . -');
const displayName = z.string().trim().min(1).max(80);
// argon2 takes any length; the cap matches the login form's.
const password = z.string().min(8, 'at least 8 characters').max(200);
const email = z
  .union([z.literal(''), z.email().max(200)])
  .nullable()
  .transform((e) => (e ? e : null));
const extension = z
  .string()
  .trim()
  .regex(/^[0-9]{2,10}$/, '2 to 10 digits');
const serverId = z.string().regex(/^pbx[1-9][0-9]{0,2}$/, 'pbx1, pbx2 …');
const unitIds = z.array(z.number().int().positive().max(2_147_483_647)).max(50);
const neighbourhoodIds = z.array(z.number().int().positive().max(2_147_483_647)).max(100);

const newUserBody = z.object({
  username,
  displayName,
  role: z.enum(ROLES),
  password,
  email: email.optional(),
  extension: extension.optional(),
  serverId: serverId.optional(),
  unitIds: unitIds.optional(),
  neighbourhoodIds: neighbourhoodIds.optional(),
});

const changeBody = z
  .object({
    displayName: displayName.optional(),
    role: z.enum(ROLES).optional(),
    email: email.optional(),
    disabled: z.boolean().optional(),
    extension: extension.nullable().optional(),
    serverId: serverId.optional(),
    unitIds: unitIds.optional(),
    neighbourhoodIds: neighbourhoodIds.optional(),
  })
  .strict();

const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a user id') });
const passwordBody = z.object({ password });

const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary: `${summary} (admins only)`, tags: 'admin', ...more }),
});

/** The users admin: admins only, every call audited by the service. */
export interface UserAdminRoutesDeps {
  users: UserAdmin;
  /** The configured Asterisk servers (pbx1 …). */
  servers: () => string[];
  /** The shifts' names, in the day's order (the roster screen's choices). */
  shifts: () => string[];
}

export function registerUserAdminRoutes(app: FastifyInstance, d: UserAdminRoutesDeps): void {
  const admin = { preHandler: requireRole('admin') };

  const listDoc = doc('Every user with role, units and neighbourhoods; audited (users-listed)');
  app.get('/admin/users', { ...admin, ...listDoc }, async (req) => ({
    users: await d.users.list(currentUser(req).id),
  }));

  const createDoc = doc('Add a user; audited', {
    body: newUserBody,
    response: { 201: { description: 'The user' }, 409: { description: 'The username is taken (USERNAME_TAKEN)' } },
  });
  app.post('/admin/users', { ...admin, ...createDoc }, async (req, reply) => {
    const body = parseInput(newUserBody, req.body);
    return reply.code(201).send(await d.users.create(body, currentUser(req).id));
  });

  const changeDoc = doc('Change a user; disabling them or changing their role or phone signs them out; audited', {
    params: idParams,
    body: changeBody,
    response: {
      200: { description: 'The user' },
      404: { description: 'No such user' },
      409: { description: 'Disabling yourself or dropping your own admin role (SELF_LOCKOUT)' },
    },
  });
  app.patch('/admin/users/:id', { ...admin, ...changeDoc }, async (req) => {
    const { id } = parseInput(idParams, req.params);
    return d.users.update(id, parseInput(changeBody, req.body), currentUser(req).id);
  });

  const passwordDoc = doc("Set a user's password; signs them out unless it is your own; audited", {
    params: idParams,
    body: passwordBody,
    response: { 204: { description: 'Set' }, 404: { description: 'No such user' } },
  });
  app.post('/admin/users/:id/password', { ...admin, ...passwordDoc }, async (req, reply) => {
    const { id } = parseInput(idParams, req.params);
    const body = parseInput(passwordBody, req.body);
    await d.users.setPassword(id, body.password, currentUser(req).id);
    return reply.code(204).send();
  });

  // The shifts of the roster, for the roster screen's choice (the names of SHIFTS in the config).
  const shiftsDoc = doc("The shifts' names in the day's order: { shifts }");
  app.get('/admin/shifts', { ...admin, ...shiftsDoc }, async () => ({ shifts: d.shifts() }));

  // The servers an operator's phone can be on, for the admin screen's choice.
  const serversDoc = doc('The configured Asterisk servers (pbx1 …): { servers }');
  app.get('/admin/servers', { ...admin, ...serversDoc }, async () => ({ servers: d.servers() }));
}
