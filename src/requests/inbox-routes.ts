import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/index.ts';
import { requireRole } from '../auth/index.ts';
import { parseInput, type Logger } from '../shared/index.ts';
import { registerAttachmentRoutes } from './attachment-routes.ts';
import { createAttachments } from './attachment-service.ts';
import { createAttachmentStore } from './attachment-store.ts';
import { registerExtensionRoutes } from './extension-routes.ts';
import { createExtensions } from './extension-service.ts';
import { createInbox, inboxQuery } from './inbox.ts';
import { unitWorkDocs } from './request-route-docs.ts';
import type { RequestBus } from './request-bus.ts';
import { actorOf } from './route-access.ts';
import { canActorSee } from './unit-scope.ts';

// A unit's daily work with 137 over HTTP: its inbox, asking for more time (and 137 deciding), and
// the photos of the work. Registered once from install.ts.

export interface UnitWorkDeps {
  db: Db;
  bus: Pick<RequestBus, 'emit' | 'emitAll'>;
  timeZone: string;
  /** Where photos are stored (config ATTACHMENTS_DIR), outside the web root. */
  attachmentsDir: string;
  logger: Logger;
}

// The 137 staff who look at a unit's inbox name the unit; operators work from the desk and the worklist.
const INBOX_ROLES = { preHandler: requireRole('unit', 'unit-manager', 'supervisor', 'admin', 'viewer') };

export function registerUnitWorkRoutes(app: FastifyInstance, deps: UnitWorkDeps): void {
  const inbox = createInbox(deps.db, deps.timeZone);
  app.get('/office/inbox', { ...INBOX_ROLES, ...unitWorkDocs.inbox }, async (req) =>
    inbox.inbox(parseInput(inboxQuery, req.query ?? {}), actorOf(req)),
  );
  registerExtensionRoutes(app, createExtensions(deps));
  const store = createAttachmentStore(deps.attachmentsDir);
  store
    .ensure()
    .catch((err: Error) =>
      deps.logger.error(
        { err: err.message, dir: deps.attachmentsDir },
        'ATTACHMENTS_DIR cannot be created; photo uploads will fail',
      ),
    );
  registerAttachmentRoutes(
    app,
    createAttachments({ ...deps, store, canSee: (actor, id) => canActorSee(deps.db, actor, id) }),
  );
}
