import type { Db } from '../db/index.ts';
import type { Host } from '../shared/index.ts';
import { markOverdue } from './deadline-escalation.ts';
import { registerUnitWorkRoutes } from './inbox-routes.ts';
import { createRequestBus, type RequestBus } from './request-bus.ts';
import type { CallerLookup } from './reporter-resolver.ts';
import { registerRequestRoutes } from './request-routes.ts';
import { createRequestService, type RequestService } from './request-service.ts';
import { registerTriageFixRoute } from './triage-fix.ts';

/** The deadline check's payload (declared to the jobs layer in request-jobs.ts). */
interface DeadlineCheck {
  requestId: string;
}

/**
 * The part of the app's job queue this domain uses. Structural, so that requests need not import
 * the jobs layer: the app's `Jobs` fits it once request-jobs.ts has declared 'request-deadline'.
 */
export interface DeadlineJobs {
  schedule(name: 'request-deadline', data: DeadlineCheck, opts: { delayMs: number; jobId?: string }): Promise<void>;
  handle(name: 'request-deadline', handler: (data: DeadlineCheck) => Promise<void>): void;
}

/**
 * What requests needs from the app. Only the logger and the REST scope of the Host: it is
 * installed before the socket server exists and opens no namespace.
 */
export type RequestsCore = Pick<Host, 'logger' | 'api'> & {
  db: Db;
  jobs: DeadlineJobs;
  /** cti's lookup of a recorded call's caller (requests may not import cti). */
  callerOf: CallerLookup;
  /** The centre's time zone: the worklist's date filters are its days. */
  timeZone: string;
  /** Where photos of requests are stored (ATTACHMENTS_DIR), outside the web root. */
  attachmentsDir: string;
};

export interface RequestsHandle {
  service: RequestService;
  /** Referrals, status changes, deadlines and extensions, told after COMMIT (the office domain listens). */
  bus: RequestBus;
}

/** The request service, its REST routes (requests and pick lists), and the deadline check job. */
export function install(core: RequestsCore): RequestsHandle {
  const { db, jobs, logger: log } = core;
  const bus = createRequestBus((err, name) =>
    log.error({ err: (err as Error).message, event: name }, 'a listener of the requests bus failed'),
  );
  const service = createRequestService(db, {
    callerOf: core.callerOf,
    timeZone: core.timeZone,
    bus,
  });
  // Deadlines are the office's escalation now (reminder, overdue once, up the unit tree): no new
  // 'request-deadline' job is queued. This handler only drains those queued before the upgrade
  // (markOverdue writes nothing when the office already recorded that deadline's 'overdue').
  jobs.handle('request-deadline', async ({ requestId }) => {
    if (await markOverdue(db, requestId))
      log.info({ request: requestId }, 'request overdue: its unit has not answered by the deadline');
  });
  core.api((api) => registerRequestRoutes(api, { service }));
  core.api((api) => registerTriageFixRoute(api, { db, bus, timeZone: core.timeZone }));
  core.api((api) =>
    registerUnitWorkRoutes(api, { db, bus, timeZone: core.timeZone, attachmentsDir: core.attachmentsDir, logger: log }),
  );
  return { service, bus };
}
