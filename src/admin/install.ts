import type { AuthHandle } from '../auth/index.ts';
import type { CtiHandle } from '../cti/index.ts';
import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { registerUserAdminRoutes } from './user-admin-routes.ts';
import { UserAdmin } from './user-admin-service.ts';

/** What admin needs from the app: its REST scope, the database, auth's sessions and the live CTI. */
export type AdminCore = Pick<Host, 'logger' | 'api' | 'cluster'> & {
  db: Db;
  auth: Pick<AuthHandle, 'endSessions' | 'sweepSockets'>;
  cti: Pick<CtiHandle, 'directory' | 'operators' | 'amis' | 'calendar'>;
};

export interface AdminHandle {
  users: UserAdmin;
}

/** The users admin (routes under /admin), applied to the running CTI without a restart. */
export function install(core: AdminCore): AdminHandle {
  const { cti } = core;
  const servers = () => [...cti.amis.keys()];
  const users = new UserAdmin({
    db: core.db,
    logger: core.logger.child({ mod: 'admin' }),
    endSessions: (userId) => core.auth.endSessions(userId),
    sweepSockets: () => core.auth.sweepSockets(),
    // Here at once, then on every other node (their desks and live picture read the directory too).
    reloadOperators: async () => {
      await cti.directory.load();
      core.cluster.signal({ kind: 'directory-changed' });
    },
    // Only the PBX owner can take a member out of the queues: a standby asks it to.
    leaveQueues: async (operatorId) => {
      if (!core.cluster.isOwner()) return core.cluster.signal({ kind: 'operator-leave-queues', operatorId });
      if (cti.operators.snapshot(operatorId).state !== 'logged-out') await cti.operators.logout(operatorId);
    },
    servers,
  });
  core.api((api) => registerUserAdminRoutes(api, { users, servers, shifts: () => [...cti.calendar.names] }));
  return { users };
}
