import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { recordAudit, type Db } from '../db/index.ts';
import { currentOperatorId, currentUser, requireRole } from '../auth/index.ts';
import { apiDoc, notFound, parseInput } from '../shared/index.ts';
import type { OperatorService } from './operator-service.ts';

const PAUSE_REASONS = ['break', 'prayer', 'training', 'meeting', 'technical', 'other'] as const;

const stateBody = z.discriminatedUnion('state', [
  z.object({ state: z.literal('ready') }),
  z.object({ state: z.literal('paused'), reason: z.enum(PAUSE_REASONS).default('other') }),
  z.object({ state: z.literal('logged-out') }),
]);

const pauseBody = z.object({ reason: z.enum(PAUSE_REASONS).default('other') });
const operatorId = z.object({ id: z.string().regex(/^\d+$/) });
const TAGS = 'cti';
const ACTION_SUMMARY = {
  pause: 'Pause an operator (now, or at the end of the call on the phone); audited',
  unpause: 'Unpause an operator (409 NOT_LOGGED_IN when signed out of the queues); audited',
  logout: 'Take an operator out of the queues; audited',
} as const;

const actionDoc = (action: keyof typeof ACTION_SUMMARY) =>
  apiDoc({
    summary: ACTION_SUMMARY[action],
    tags: TAGS,
    params: operatorId,
    ...(action === 'pause' ? { body: pauseBody } : {}),
  });

export function registerOperatorRoutes(app: FastifyInstance, deps: { db: Db; operators: () => OperatorService }): void {
  const apply = (id: string, body: z.infer<typeof stateBody>) => {
    const svc = deps.operators();
    if (body.state === 'ready') return svc.setReady(id);
    if (body.state === 'paused') return svc.pause(id, body.reason);
    return svc.logout(id);
  };

  // What the desk's Ready / Pause / Log-out buttons do (the desk is the operators' alone).
  const stateDoc = apiDoc({ summary: "The desk's Ready / Pause / Log-out buttons", tags: TAGS, body: stateBody });
  app.post('/operators/me/state', { preHandler: requireRole('operator'), schema: stateDoc }, async (req) => {
    const id = currentOperatorId(req);
    return apply(id, parseInput(stateBody, req.body));
  });

  const meDoc = apiDoc({ summary: "The signed-in operator's live state", tags: TAGS });
  app.get('/operators/me', { preHandler: requireRole('operator'), schema: meDoc }, async (req) => {
    const id = currentOperatorId(req);
    return { id, ...deps.operators().snapshot(id) };
  });

  // Live state of every operator (who is paused, for how long, why): supervisors and admins only.
  const listDoc = apiDoc({ summary: 'Live state of every operator (paused by whom, pending pause)', tags: TAGS });
  app.get('/operators', { preHandler: requireRole('supervisor', 'admin'), schema: listDoc }, async () =>
    deps
      .operators()
      .all()
      .map(({ operator, state }) => ({
        id: operator.id,
        username: operator.username,
        displayName: operator.displayName,
        extension: operator.extension,
        interface: operator.interface,
        serverId: operator.serverId,
        ...state,
      })),
  );

  // Supervisor actions on an operator; each is written to the audit log.
  for (const action of ['pause', 'unpause', 'logout'] as const) {
    app.post<{ Params: { id: string } }>(
      `/operators/:id/${action}`,
      {
        preHandler: requireRole('supervisor', 'admin'),
        schema: actionDoc(action),
      },
      async (req) => {
        const sup = currentUser(req);
        const id = req.params.id;
        let body: { reason: (typeof PAUSE_REASONS)[number] } | null = null;
        let out;
        try {
          if (!/^\d+$/.test(id)) throw notFound('Operator');
          body = action === 'pause' ? parseInput(pauseBody, req.body ?? {}) : null;
          const svc = deps.operators();
          out =
            action === 'pause'
              ? await svc.pause(id, body!.reason, sup.displayName)
              : action === 'unpause'
                ? await svc.unpause(id)
                : await svc.logout(id);
        } catch (err) {
          // A refused attempt is on record too (who tried what on whom, and why it failed).
          const e = err as { code?: string; message?: string };
          await recordAudit(deps.db, sup.id, `operator-${action}-failed`, `operator:${id.slice(0, 40)}`, {
            ...(body ?? {}),
            error: e.code ?? 'INTERNAL',
            message: String(e.message ?? '').slice(0, 300),
          }).catch((auditErr: Error) =>
            req.log.error({ err: auditErr }, 'audit of a failed operator action not written'),
          );
          throw err;
        }
        await recordAudit(deps.db, sup.id, `operator-${action}`, `operator:${id}`, body ?? {});
        return out;
      },
    );
  }
}
