import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { notFound, parseInput } from '../shared/index.ts';
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

export function registerSupervisionRoutes(app: FastifyInstance, d: SupervisionRoutesDeps): void {
  const bosses = { preHandler: requireRole('supervisor', 'admin') };
  const admin = { preHandler: requireRole('admin') };

  // Listen / whisper / barge: 202, the call to the supervisor's phone is on its way (AMI ActionID).
  for (const mode of MODES) {
    app.post<{ Params: { operatorId: string } }>(`/supervision/:operatorId/${mode}`, bosses, async (req, reply) => {
      if (!/^\d+$/.test(req.params.operatorId)) throw notFound('Operator');
      const started = await d.supervision.spy(currentUser(req), req.params.operatorId, mode);
      return reply.code(202).send(started);
    });
  }

  app.get('/supervision/me/phone', bosses, async (req) => ({
    interface: await supervisorPhone(d.db, currentUser(req).id),
  }));

  app.put('/supervision/me/phone', bosses, async (req) => {
    const user = currentUser(req);
    const body = parseInput(phoneBody, req.body);
    await d.phones.checkChoice(user, body.interface);
    await setSupervisorPhone(d.db, user.id, body.interface);
    await recordAudit(d.db, user.id, 'supervisor-phone-set', `user:${user.id}`, body);
    return { interface: body.interface };
  });

  // The supervisors' phone list: admins keep it, supervisors see what they may pick.
  app.get('/supervision/phones', bosses, async (req) => d.phones.list(currentUser(req)));
  app.put('/supervision/phones/:serverId/:extension', admin, async (req, reply) => {
    const p = parseInput(phoneParams, req.params);
    const { user } = parseInput(phoneEntry, req.body ?? {});
    await d.phones.put(currentUser(req), p.serverId, p.extension, user);
    return reply.code(204).send();
  });
  app.delete('/supervision/phones/:serverId/:extension', admin, async (req, reply) => {
    const p = parseInput(phoneParams, req.params);
    await d.phones.remove(currentUser(req), p.serverId, p.extension);
    return reply.code(204).send();
  });

  app.get('/supervision/pause-allowances', bosses, async () => pauseAllowances(d.db));

  app.put<{ Params: { reason: string } }>(
    '/supervision/pause-allowances/:reason',
    { preHandler: requireRole('admin') },
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
