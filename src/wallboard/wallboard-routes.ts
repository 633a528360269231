import type { FastifyInstance } from 'fastify';
import { currentUser, requireRole } from '../auth/index.ts';
import { apiDoc } from '../shared/index.ts';
import type { WallboardGateway } from './wallboard-gateway.ts';

const snapshotDoc = apiDoc({
  summary: "The wallboard's whole live picture (queues, operators, KPIs, the shift), as its socket's snapshot gives it",
  tags: 'wallboard',
});

/**
 * GET /wallboard/snapshot: the socket's `snapshot` over REST (supervisors, admins; managers read).
 * A standby node's wallboard socket asks the PBX owner through it.
 */
export function registerWallboardRoutes(app: FastifyInstance, gateway: WallboardGateway): void {
  app.get('/wallboard/snapshot', { preHandler: requireRole('supervisor', 'admin'), schema: snapshotDoc }, (req) =>
    gateway.snapshot(currentUser(req)),
  );
}
