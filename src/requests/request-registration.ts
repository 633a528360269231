import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import { validationError } from '../shared/index.ts';
import { categoryIsGroup, unknownCategory, unknownNeighbourhood } from './errors.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import type { Actor, PastRequest, RegisterInput, RequestStatus } from './request-types.ts';
import { resolveReporter, type CallerLookup } from './reporter-resolver.ts';
import { findCategory, neighbourhoodExists, type CategoryRow } from './taxonomy-repository.ts';

// Registering a request: the first step of its life cycle (Hamedan's "register the message").

/** A hazard must be handled first, whatever its category's usual deadline (Tehran region 2). */
export const HAZARD_MAX_DEADLINE_HOURS = 6;
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 4000;

/** The deadline a request gets: its category's, shortened for a hazard. */
export const deadlineHours = (hours: number, hazard: boolean) =>
  hazard ? Math.min(hours, HAZARD_MAX_DEADLINE_HOURS) : hours;

export interface RequestRegistration {
  /** Register, and refer at once when the category names its unit. Resolves after COMMIT. */
  register(input: RegisterInput, actor: Actor): Promise<PastRequest>;
}

export interface RegistrationDeps {
  callerOf: CallerLookup;
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: ((r: PastRequest) => void) | undefined;
}

export function createRegistration(db: Db, deps: RegistrationDeps): RequestRegistration {
  return {
    async register(input, actor) {
      const description = checkRegisterInput(input);
      const cat = await findCategory(db, input.categoryId);
      if (!cat || !cat.active) throw unknownCategory(input.categoryId);
      if (cat.isGroup) throw categoryIsGroup(input.categoryId);
      if (input.neighbourhoodId != null && !(await neighbourhoodExists(db, input.neighbourhoodId))) {
        throw unknownNeighbourhood(input.neighbourhoodId);
      }
      const created = await withTransaction(db, (c) =>
        insertRegistered(c, { input, description, cat, actor, callerOf: deps.callerOf }),
      );
      deps.onRegistered?.(created);
      return created;
    },
  };
}

function checkRegisterInput(input: RegisterInput): string {
  const description = input.description.trim();
  if (description.length < DESCRIPTION_MIN || description.length > DESCRIPTION_MAX) {
    throw validationError(`The description must be ${DESCRIPTION_MIN} to ${DESCRIPTION_MAX} characters long`, {
      fields: [{ field: 'description', message: `${DESCRIPTION_MIN}–${DESCRIPTION_MAX} characters` }],
    });
  }
  if ((input.lat == null) !== (input.lng == null)) {
    throw validationError('Give both lat and lng for a map point, or neither', {
      fields: [{ field: 'lat', message: 'lat and lng go together' }],
    });
  }
  return description;
}

interface Registration {
  input: RegisterInput;
  description: string;
  cat: CategoryRow;
  actor: Actor;
  callerOf: CallerLookup;
}

/**
 * Inside one transaction: the request, its reporter and its "registered" event (and "referred"
 * when the category names its unit), so a request is never visible without them.
 */
async function insertRegistered(c: DbClient, r: Registration): Promise<PastRequest> {
  const { input, cat, actor } = r;
  const hazard = cat.hazard || Boolean(input.hazard);
  const status: RequestStatus = cat.unitId != null ? 'referred' : 'registered';
  const channel = input.channel ?? 'phone';
  const reporter = await resolveReporter(c, input, false, r.callerOf);
  const { id } = await w.insertRequest(c, {
    citizenId: reporter.citizenId,
    callId: reporter.callId,
    categoryId: cat.id,
    unitId: cat.unitId,
    neighbourhoodId: input.neighbourhoodId ?? null,
    address: input.address?.trim() || null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    description: r.description,
    hazard,
    status,
    channel,
    createdByUserId: actor.userId,
    deadlineHours: deadlineHours(cat.deadlineHours, hazard),
  });
  if (reporter.citizenId || reporter.callId) await w.insertReporter(c, id, reporter);
  await w.insertEvent(c, id, 'registered', actor.userId, null, {
    channel,
    categoryId: cat.id,
    hazard,
    callId: reporter.callId,
  });
  if (status === 'referred')
    await w.insertEvent(c, id, 'referred', actor.userId, null, { unitId: cat.unitId, automatic: true });
  return (await q.pastRequestById(c, id))!;
}
