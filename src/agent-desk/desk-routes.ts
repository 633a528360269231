import type { FastifyInstance } from 'fastify';
import { currentOperatorId, currentUser, requireRole } from '../auth/index.ts';
import { apiDoc } from '../shared/index.ts';
import type { DeskGateway } from './desk-gateway.ts';

const snapshotDoc = apiDoc({
  summary:
    "The signed-in operator's desk as a resync gives it: state, the call ringing or in progress (with the caller's history: audited), the callback and triage task held",
  tags: 'desk',
});

/**
 * GET /desk/snapshot: what the desk socket's `resync` answers, over REST. A standby node's desk
 * socket asks the PBX owner through it (the owner alone has the live call and state).
 */
export function registerDeskRoutes(app: FastifyInstance, desk: DeskGateway): void {
  app.get('/desk/snapshot', { preHandler: requireRole('operator'), schema: snapshotDoc }, async (req) => {
    currentOperatorId(req);
    return desk.snapshot(currentUser(req));
  });
}
