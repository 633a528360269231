import type { Db } from '../db/index.ts';
import type { CallerLookup } from './reporter-resolver.ts';
import type { PastRequest } from './request-types.ts';
import { createRequestBus, type RequestBus } from './request-bus.ts';
import { createLifecycle, type RequestLifecycle } from './request-lifecycle.ts';
import { createReads, type RequestReads } from './request-reads.ts';
import { createReferrals, type Referrals } from './referrals.ts';
import { createRegistration, type RequestRegistration } from './request-registration.ts';
import { createTaxonomyService, type TaxonomyService } from './taxonomy-service.ts';
import { createWorklist, type Worklist } from './worklist.ts';

export type { StatusInput } from './request-lifecycle.ts';

/** Everything the REST routes ask of requests: the pick lists, registration, the life cycle, referrals, reads, the worklist. */
export interface RequestService
  extends TaxonomyService, RequestRegistration, RequestLifecycle, Referrals, RequestReads, Worklist {}

export interface RequestHooks {
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: (r: PastRequest) => void;
}

export interface RequestServiceDeps extends RequestHooks {
  /** Who called on a recorded call (a reporter given by callId); cti's lookup, lent by the app. */
  callerOf: CallerLookup;
  /** The centre's time zone (IANA): the worklist's from/to and working-hour deadlines are its days. Default Asia/Tehran. */
  timeZone?: string;
  /** Where referrals and status changes are told after COMMIT; a bus of its own when not given. */
  bus?: RequestBus;
}

export function createRequestService(db: Db, deps: RequestServiceDeps): RequestService {
  const timeZone = deps.timeZone ?? 'Asia/Tehran';
  const bus = deps.bus ?? createRequestBus();
  return {
    ...createTaxonomyService(db),
    ...createRegistration(db, { ...deps, bus, timeZone }),
    ...createLifecycle(db, { callerOf: deps.callerOf, bus, timeZone }),
    ...createReferrals(db, { bus, timeZone }),
    ...createReads(db),
    ...createWorklist(db, timeZone),
  };
}
