import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole, STAFF_ROLES, UNIT_ROLES } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { apiDoc, notFound, parseInput, type Logger, type RouteDocInput } from '../shared/index.ts';
import { listMembers, listRoutes, unitRowExists } from './unit-admin-repository.ts';
import { listUnits } from './unit-repository.ts';
import { buildTree } from './unit-tree.ts';
import { createUnit, patchUnit, removeRoute, setMembers, setRoute } from './units-admin.ts';
import { UNIT_KINDS } from './units-types.ts';

export interface UnitRoutesDeps {
  db: Db;
  logger: Logger;
}

const serialId = z.coerce.number().int().positive().max(2_147_483_647);
const idParam = z.object({ id: serialId });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM (00:00–23:59)');
const name = z.string().trim().min(1).max(200);

const unitFields = {
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'lower-case letters, digits and dashes (2–60)'),
  nameFa: name,
  nameEn: name,
  kind: z.enum(UNIT_KINDS),
  parentId: serialId.nullable().optional(),
  districtId: serialId.nullable().optional(),
  workDays: z
    .array(z.number().int().min(0).max(6))
    .min(1)
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'each weekday once')
    .optional(),
  workStart: hhmm.optional(),
  workEnd: hhmm.optional(),
  escalateAfterHours: z.number().int().min(1).max(720).optional(),
  position: z.number().int().min(-1_000_000).max(1_000_000).optional(),
};
const createBody = z.object(unitFields).strict();
const patchBody = z
  .object({ ...unitFields, active: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

const routeBody = z.object({ categoryId: serialId, districtId: serialId.nullable(), unitId: serialId }).strict();
const membersBody = z.object({ userIds: z.array(z.string().regex(/^\d{1,18}$/)).max(1000) }).strict();
const routesQuery = z.object({ categoryId: serialId.optional() });
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'units', ...more }),
});

/** The tree for everyone signed in; its changes, routing and membership for admins. */
export function registerUnitRoutes(app: FastifyInstance, d: UnitRoutesDeps): void {
  const everyone = { preHandler: requireRole(...STAFF_ROLES, ...UNIT_ROLES) };
  const admin = { preHandler: requireRole('admin') };

  // Managers' display names are the only people in it: a unit's staff need to know whom to ask.
  const treeDoc = doc('The executive units tree (with working hours and managers)');
  app.get('/units', { ...everyone, ...treeDoc }, async () => ({ units: buildTree(await listUnits(d.db)) }));

  app.post(
    '/units',
    {
      ...admin,
      ...doc('Add a unit to the tree; audited', { body: createBody, response: { 201: { description: 'The unit' } } }),
    },
    async (req, reply) => {
      const body = parseInput(createBody, req.body);
      reply.code(201);
      return createUnit(d.db, currentUser(req).id, body);
    },
  );

  const patchDoc = doc('Change a unit (or deactivate it); audited', { params: idParam, body: patchBody });
  app.patch('/units/:id', { ...admin, ...patchDoc }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    return patchUnit(d.db, currentUser(req).id, id, parseInput(patchBody, req.body));
  });

  const routesDoc = doc('Which unit receives each category in each district', { querystring: routesQuery });
  app.get('/unit-routes', { preHandler: requireRole('supervisor', 'admin'), ...routesDoc }, async (req) => {
    const q = parseInput(routesQuery, req.query);
    return { routes: await listRoutes(d.db, q.categoryId) };
  });

  const setDoc = doc('Route a category (in a district, or everywhere) to a unit; audited', { body: routeBody });
  app.put('/unit-routes', { ...admin, ...setDoc }, async (req) =>
    setRoute(d.db, currentUser(req).id, parseInput(routeBody, req.body)),
  );

  app.delete(
    '/unit-routes/:id',
    {
      ...admin,
      ...doc('Remove a routing rule; audited', { params: idParam, response: { 204: { description: 'Removed' } } }),
    },
    async (req, reply) => {
      const { id } = parseInput(idParam, req.params);
      await removeRoute(d.db, currentUser(req).id, id);
      return reply.code(204).send();
    },
  );

  // Members are people (usernames, names): each look is audited.
  app.get('/units/:id/members', { ...admin, ...doc("A unit's people (audited)", { params: idParam }) }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    if (!(await unitRowExists(d.db, id))) throw notFound('Unit');
    const members = await listMembers(d.db, id);
    await recordAudit(d.db, currentUser(req).id, 'unit-members-viewed', `unit:${id}`, { count: members.length });
    return { members };
  });

  const membersDoc = doc("Replace a unit's people", { params: idParam, body: membersBody });
  app.put('/units/:id/members', { ...admin, ...membersDoc }, async (req) => {
    const { id } = parseInput(idParam, req.params);
    const { userIds } = parseInput(membersBody, req.body);
    const byUser = currentUser(req).id;
    await setMembers(d.db, byUser, id, userIds);
    d.logger.info({ unitId: id, members: userIds.length, by: byUser }, 'unit members replaced');
    return { members: await listMembers(d.db, id) };
  });
}
