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
import { resolveRoute } from '../units/index.ts';
import { basisFor, deadlineHours, referredEvent, unitDeadline } from './referral-core.ts';
import { insertReferral, transactionNow } from './referral-repository.ts';
import type { PendingEvent, RequestBus } from './request-bus.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import type { Actor, PastRequest, RegisterInput } from './request-types.ts';
import { resolveReporter, type CallerLookup } from './reporter-resolver.ts';
import { findCategory, neighbourhoodExists, type CategoryRow } from './taxonomy-repository.ts';

// Registering a request: the first step of its life cycle (Hamedan's "register the message").

export { HAZARD_MAX_DEADLINE_HOURS, deadlineHours } from './referral-core.ts';
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 4000;

export interface RequestRegistration {
  /**
   * Register, and refer at once to the unit the category and the place route it to (the district's
   * own unit, else the city-wide one). Resolves after COMMIT. With an
   * idempotency key (one per desk draft) a repeat by the same user gets the first answer, and no
   * second request; the same key with another body is refused (IDEMPOTENCY_KEY_REUSED, 422).
   */
  register(input: RegisterInput, actor: Actor, idempotencyKey?: string): Promise<PastRequest>;
}

export interface RegistrationDeps {
  callerOf: CallerLookup;
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: ((r: PastRequest) => void) | undefined;
  /** Told about the automatic referral after COMMIT. */
  bus: RequestBus;
  /** The centre's zone: a deadline in working hours counts the unit's days there. */
  timeZone: string;
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
      const done = await withTransaction(db, async (c) => {
        // Concurrent submits with one key queue here; all but the first find it taken.
        if (once && !(await claimKey(c, actor.userId, once.key, once.hash))) return null;
        const reg = { input, description, cat, actor, callerOf: deps.callerOf, timeZone: deps.timeZone };
        const out = await insertRegistered(c, reg);
        if (once) await storeAnswer(c, actor.userId, once.key, out.request.id, out.request);
        return out;
      });
      if (!done) {
        const first = once && (await replay(db, actor, once));
        if (!first) throw idempotencyKeyInUse();
        return first;
      }
      const created = done.request;
      deps.bus.emitAll(done.events);
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
  timeZone: string;
}

/** Where the request goes and by when, when a unit is routed for its category and place. */
interface AutoReferral {
  unitId: number;
  hours: number;
  basis: 'working' | 'calendar';
  at: Date;
  deadlineAt: Date;
}

async function routeOf(c: DbClient, r: Registration, hazard: boolean): Promise<AutoReferral | null> {
  const route = await resolveRoute(c, r.cat.id, r.input.neighbourhoodId ?? null);
  if (!route) return null;
  const at = await transactionNow(c);
  const hours = deadlineHours(route.deadlineHours, hazard);
  const basis = basisFor(hazard, route.basis);
  const deadlineAt = await unitDeadline(c, route.unitId, at, hours, basis, r.timeZone);
  return { unitId: route.unitId, hours, basis, at, deadlineAt };
}

/**
 * Inside one transaction: the request, its reporter, its "registered" event, and when a unit is
 * routed its referral and "referred" event, so a request is never visible without them.
 */
async function insertRegistered(
  c: DbClient,
  r: Registration,
): Promise<{ request: PastRequest; events: PendingEvent[] }> {
  const { input, cat, actor } = r;
  const hazard = cat.hazard || Boolean(input.hazard);
  const auto = await routeOf(c, r, hazard);
  const channel = input.channel ?? 'phone';
  const reporter = await resolveReporter(c, input, false, r.callerOf);
  const { id, trackingCode } = await w.insertRequest(c, {
    citizenId: reporter.citizenId,
    callId: reporter.callId,
    categoryId: cat.id,
    unitId: auto?.unitId ?? null,
    neighbourhoodId: input.neighbourhoodId ?? null,
    address: input.address?.trim() || null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    description: r.description,
    hazard,
    status: auto ? 'referred' : 'registered',
    channel,
    createdByUserId: actor.userId,
    deadlineHours: deadlineHours(cat.deadlineHours, hazard),
    deadlineAt: auto?.deadlineAt ?? null,
    smsConsent: input.smsConsent === true,
  });
  if (reporter.citizenId || reporter.callId) await w.insertReporter(c, id, reporter);
  await w.insertEvent(c, id, 'registered', actor.userId, null, {
    channel,
    categoryId: cat.id,
    hazard,
    callId: reporter.callId,
  });
  const events: PendingEvent[] = [];
  if (auto) {
    const { unitId, at: referredAt, deadlineAt } = auto;
    const referralId = await insertReferral(c, {
      ...{ requestId: id, unitId, referredBy: null, referredAt, deadlineAt },
      ...{ deadlineHours: auto.hours, basis: auto.basis, priority: 0, note: null },
    });
    await w.insertEvent(c, id, 'referred', actor.userId, null, { unitId, referralId, automatic: true });
    events.push(referredEvent({ id, trackingCode, hazard }, { referralId, unitId, referredAt, deadlineAt }, true));
  }
  return { request: (await q.pastRequestById(c, id))!, events };
}
