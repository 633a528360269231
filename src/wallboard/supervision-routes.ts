import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { apiDoc, notFound, parseInput, type RouteDocInput } from '../shared/index.ts';
import type { SupervisionService } from './supervision-service.ts';
import type { SupervisorPhones } from './supervisor-phones.ts';
import type { SpyMode } from './wallboard-events.ts';
import { pauseAllowances, setPauseAllowance, setSupervisorPhone, supervisorPhone } from './wallboard-repository.ts';

export interface SupervisionRoutesDeps {
  db: Db;
  supervision: SupervisionService;
  phones: SupervisorPhones;
  /** Allowances changed: the wallboards should show the new ones. */
  changed: () => void;
}

const MODES: SpyMode[] = ['listen', 'whisper', 'barge'];
const phoneBody = z.object({
  interface: z
    .string()
    .trim()
    .regex(/^PJSIP\/\d{2,10}$/, 'a supervisor phone such as PJSIP/2001'),
});
const phoneParams = z.object({
  serverId: z.string().regex(/^pbx\d{1,3}$/, 'a server such as pbx1'),
  extension: z.string().regex(/^\d{2,10}$/, 'an extension of 2 to 10 digits'),
});
const phoneEntry = z.object({ user: z.string().trim().toLowerCase().min(1).max(40).nullable().default(null) });
const allowanceBody = z.object({ minutes: z.coerce.number().int().min(1).max(600) });
const operatorParams = z.object({ operatorId: z.string().regex(/^\d+$/) });
const reasonParams = z.object({ reason: z.string().regex(/^[a-z0-9_-]{1,40}$/) });
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'wallboard', ...more }),
});

const spyDoc = (mode: SpyMode) =>
  doc(`Start a ${mode} on the operator's call from the supervisor's phone (202; audited)`, {
    params: operatorParams,
    response: { 202: { description: 'The call to your phone is on its way' } },
  });
const DOCS = {
  myPhone: doc("The supervisor's own phone for listening", {
    response: { 200: z.object({ interface: z.string().nullable() }) },
  }),
  setMyPhone: doc('Choose the phone to listen from (one of the list); audited', { body: phoneBody }),
  phones: doc("The supervisors' phone list (a supervisor sees the phones they may pick)"),
  putPhone: doc('Put a phone on the list, for one supervisor ({"user"}) or any ({}); audited', {
    params: phoneParams,
    body: phoneEntry,
    response: { 204: { description: 'Saved' } },
  }),
  deletePhone: doc("Take a phone off the supervisors' list; audited", {
    params: phoneParams,
    response: { 204: { description: 'Removed' } },
  }),
  allowances: doc('Minutes each pause reason may last before the wallboard flags it'),
  setAllowance: doc("Set a pause reason's allowance; audited", { params: reasonParams, body: allowanceBody }),
};

export function registerSupervisionRoutes(app: FastifyInstance, d: SupervisionRoutesDeps): void {
  const bosses = { preHandler: requireRole('supervisor', 'admin') };
  const admin = { preHandler: requireRole('admin') };

  // Listen / whisper / barge: 202, the call to the supervisor's phone is on its way (AMI ActionID).
  for (const mode of MODES) {
    const opts = { ...bosses, ...spyDoc(mode) };
    app.post<{ Params: { operatorId: string } }>(`/supervision/:operatorId/${mode}`, opts, async (req, reply) => {
      if (!/^\d+$/.test(req.params.operatorId)) throw notFound('Operator');
      const started = await d.supervision.spy(currentUser(req), req.params.operatorId, mode);
      return reply.code(202).send(started);
    });
  }

  app.get('/supervision/me/phone', { ...bosses, ...DOCS.myPhone }, async (req) => ({
    interface: await supervisorPhone(d.db, currentUser(req).id),
  }));

  app.put('/supervision/me/phone', { ...bosses, ...DOCS.setMyPhone }, async (req) => {
    const user = currentUser(req);
    const body = parseInput(phoneBody, req.body);
    await d.phones.checkChoice(user, body.interface);
    await setSupervisorPhone(d.db, user.id, body.interface);
    await recordAudit(d.db, user.id, 'supervisor-phone-set', `user:${user.id}`, body);
    return { interface: body.interface };
  });

  // The supervisors' phone list: admins keep it, supervisors see what they may pick.
  app.get('/supervision/phones', { ...bosses, ...DOCS.phones }, async (req) => d.phones.list(currentUser(req)));
  app.put('/supervision/phones/:serverId/:extension', { ...admin, ...DOCS.putPhone }, async (req, reply) => {
    const p = parseInput(phoneParams, req.params);
    const { user } = parseInput(phoneEntry, req.body ?? {});
    await d.phones.put(currentUser(req), p.serverId, p.extension, user);
    return reply.code(204).send();
  });
  app.delete('/supervision/phones/:serverId/:extension', { ...admin, ...DOCS.deletePhone }, async (req, reply) => {
    const p = parseInput(phoneParams, req.params);
    await d.phones.remove(currentUser(req), p.serverId, p.extension);
    return reply.code(204).send();
  });

  app.get('/supervision/pause-allowances', { ...bosses, ...DOCS.allowances }, async () => pauseAllowances(d.db));

  app.put<{ Params: { reason: string } }>(
    '/supervision/pause-allowances/:reason',
    { preHandler: requireRole('admin'), ...DOCS.setAllowance },
    async (req) => {
      const reason = parseInput(
        z.string().regex(/^[a-z0-9_-]{1,40}$/, 'a pause reason such as break'),
        req.params.reason,
      );
      const { minutes } = parseInput(allowanceBody, req.body);
      await setPauseAllowance(d.db, reason, minutes);
      await recordAudit(d.db, currentUser(req).id, 'pause-allowance-set', `pause-reason:${reason}`, { minutes });
      d.changed();
      return pauseAllowances(d.db);
    },
  );
}
