import type { Db } from '../db/index.ts';
import type { Host, Logger } from '../shared/index.ts';
import { deadlineDelayMs, markOverdue } from './deadline-escalation.ts';
import type { CallerLookup } from './reporter-resolver.ts';
import { registerRequestRoutes } from './request-routes.ts';
import { createRequestService, type RequestService } from './request-service.ts';
import type { PastRequest } from './request-types.ts';

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
};

export interface RequestsHandle {
  service: RequestService;
}

/** The request service, its REST routes (requests and pick lists), and the deadline check job. */
export function install(core: RequestsCore): RequestsHandle {
  const { db, jobs, logger: log } = core;
  const service = createRequestService(db, {
    callerOf: core.callerOf,
    timeZone: core.timeZone,
    // Each request is checked again at its deadline: still open then means overdue (escalation).
    onRegistered: (r) => scheduleDeadlineCheck(jobs, r, log),
  });
  jobs.handle('request-deadline', async ({ requestId }) => {
    if (await markOverdue(db, requestId))
      log.info({ request: requestId }, 'request overdue: its unit has not answered by the deadline');
  });
  core.api((api) => registerRequestRoutes(api, { service }));
  return { service };
}

function scheduleDeadlineCheck(jobs: DeadlineJobs, r: PastRequest, log: Logger): void {
  const delayMs = deadlineDelayMs(r.deadlineAt);
  if (delayMs === null) return;
  jobs
    .schedule('request-deadline', { requestId: r.id }, { delayMs, jobId: `deadline-${r.id}` })
    .catch((err) => log.error({ err: (err as Error).message, request: r.id }, 'could not schedule the deadline check'));
}
