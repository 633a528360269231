import type { Db } from '../db/index.ts';
import type { CallerLookup } from './reporter-resolver.ts';
import type { PastRequest } from './request-types.ts';
import { createLifecycle, type RequestLifecycle } from './request-lifecycle.ts';
import { createReads, type RequestReads } from './request-reads.ts';
import { createRegistration, type RequestRegistration } from './request-registration.ts';
import { createTaxonomyService, type TaxonomyService } from './taxonomy-service.ts';
import { createWorklist, type Worklist } from './worklist.ts';

export type { StatusInput } from './request-lifecycle.ts';

/** Everything the REST routes ask of requests: the pick lists, registration, the life cycle, reads, the worklist. */
export interface RequestService
  extends TaxonomyService, RequestRegistration, RequestLifecycle, RequestReads, Worklist {}

export interface RequestHooks {
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: (r: PastRequest) => void;
}

export interface RequestServiceDeps extends RequestHooks {
  /** Who called on a recorded call (a reporter given by callId); cti's lookup, lent by the app. */
  callerOf: CallerLookup;
  /** The centre's time zone (IANA): the worklist's from/to are days there. Default Asia/Tehran. */
  timeZone?: string;
}

export function createRequestService(db: Db, deps: RequestServiceDeps): RequestService {
  return {
    ...createTaxonomyService(db),
    ...createRegistration(db, deps),
    ...createLifecycle(db, deps.callerOf),
    ...createReads(db),
    ...createWorklist(db, deps.timeZone ?? 'Asia/Tehran'),
  };
}
