import { createHash } from 'node:crypto';
import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import { validationError } from '../shared/index.ts';
import {
  categoryIsGroup,
  idempotencyKeyInUse,
  idempotencyKeyReused,
  unknownCategory,
  unknownNeighbourhood,
} from './errors.ts';
import { claimKey, findAnswer, forgetOldKeys, storeAnswer } from './idempotency-repository.ts';
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
  /**
   * Register, and refer at once when the category names its unit. Resolves after COMMIT. With an
   * idempotency key (one per desk draft) a repeat by the same user gets the first answer, and no
   * second request; the same key with another body is refused (IDEMPOTENCY_KEY_REUSED, 422).
   */
  register(input: RegisterInput, actor: Actor, idempotencyKey?: string): Promise<PastRequest>;
}

export interface RegistrationDeps {
  callerOf: CallerLookup;
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: ((r: PastRequest) => void) | undefined;
}

export function createRegistration(db: Db, deps: RegistrationDeps): RequestRegistration {
  return {
    async register(input, actor, key) {
      const description = checkRegisterInput(input);
      const once = key === undefined ? null : { key, hash: bodyHash(input) };
      // A plain retry is answered before anything else is checked (the category may have been
      // withdrawn since: the request exists all the same).
      const earlier = once && (await replay(db, actor, once));
      if (earlier) return earlier;
      const cat = await findCategory(db, input.categoryId);
      if (!cat || !cat.active) throw unknownCategory(input.categoryId);
      if (cat.isGroup) throw categoryIsGroup(input.categoryId);
      if (input.neighbourhoodId != null && !(await neighbourhoodExists(db, input.neighbourhoodId))) {
        throw unknownNeighbourhood(input.neighbourhoodId);
      }
      const created = await withTransaction(db, async (c) => {
        // Concurrent submits with one key queue here; all but the first find it taken.
        if (once && !(await claimKey(c, actor.userId, once.key, once.hash))) return null;
        const r = await insertRegistered(c, { input, description, cat, actor, callerOf: deps.callerOf });
        if (once) await storeAnswer(c, actor.userId, once.key, r.id, r);
        return r;
      });
      if (!created) {
        const first = once && (await replay(db, actor, once));
        if (!first) throw idempotencyKeyInUse();
        return first;
      }
      deps.onRegistered?.(created);
      if (once) void forgetOldKeys(db, actor.userId).catch(() => undefined);
      return created;
    },
  };
}

/** The registration as parsed, keys sorted: what a repeated key must match to be replayed. */
function bodyHash(input: RegisterInput): string {
  const fields = Object.entries(input)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The first answer given for this key by this user, or null if the key is new. */
async function replay(db: Db, actor: Actor, once: { key: string; hash: string }): Promise<PastRequest | null> {
  const earlier = await findAnswer(db, actor.userId, once.key);
  if (!earlier) return null;
  const first = earlier.response as PastRequest | null;
  if (earlier.bodyHash !== once.hash) throw idempotencyKeyReused(first?.trackingCode ?? null);
  if (!first) throw idempotencyKeyInUse();
  return first;
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
