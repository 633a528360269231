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
import { claimKey, findAnswer, forgetOldKeys, storeAnswer, type KeyOwner } from './idempotency-repository.ts';
import { computeDeadline, resolveRouteAt } from '../units/index.ts';
import { basisFor, deadlineHours, referredEvent } from './referral-core.ts';
import { insertReferral } from './referral-repository.ts';
import type { PendingEvent, RequestBus } from './request-bus.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import type { Actor, Channel, PastRequest, RegisterInput } from './request-types.ts';
import { resolveReporter, type CallerLookup } from './reporter-resolver.ts';
import { categoryAndPlace, type CategoryRow } from './taxonomy-repository.ts';

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
  /**
   * Register a request that came in with no signed-in user: the citizen page (channel 'web'), Open311
   * (channel 'app'), later SMS. Everything else is as `register`: the same checks and errors
   * (UNKNOWN_CATEGORY, CATEGORY_IS_GROUP, UNKNOWN_NEIGHBOURHOOD, VALIDATION (400) for the
   * description or half a map point, INVALID_PHONE), the automatic referral, the same PastRequest.
   * - `created_by_user_id` is NULL; the history's 'registered' event has no user and its details say
   *   `{ channel, client }`; the automatic 'referred' event has no user either.
   * - Reporter: `phone` (any form: Persian digits, 09.., +98..) finds or creates the citizen, `citizenName`
   *   fills in their name; with no phone the request has no citizen (anonymous). `callId` is refused
   *   (a call always has an operator: use `register`).
   * - `opts.client` names who sent it, e.g. 'web' or 'open311:<key id>': stored in the history and the
   *   scope of `opts.idempotencyKey` (8–100 characters): a repeat of a key by the same client gets the
   *   first answer and no second request; the same key with another body is IDEMPOTENCY_KEY_REUSED (422).
   * - It does NOT look for duplicates: a caller that links instead of registering searches first with
   *   `findOpenDuplicates` (src/requests/index.ts) and decides.
   */
  registerExternal(input: ExternalInput, opts: ExternalOptions): Promise<PastRequest>;
}

/** A registration with no signed-in user: no call, and the channel it came in by is required. */
export type ExternalInput = Omit<RegisterInput, 'callId' | 'channel'> & { channel: Channel };

export interface ExternalOptions {
  /** Who sent it ('web', 'open311:<key id>'): kept in the history, scopes the idempotency key. */
  client: string;
  idempotencyKey?: string | undefined;
  /** More for the history's 'registered' event (e.g. Open311's media_url, kept as text, never fetched). */
  details?: Record<string, unknown> | undefined;
  /**
   * Runs inside the registering transaction after the request is inserted (e.g. Open311 stores its
   * token): both are committed or neither. Not run for an idempotent replay.
   */
  within?: ((c: DbClient, requestId: string) => Promise<void>) | undefined;
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
    register(input, actor, key) {
      const by: Author = { userId: actor.userId, owner: { userId: actor.userId }, details: {} };
      return registerAs(db, deps, input, by, key);
    },
    registerExternal(input, opts) {
      const { client, idempotencyKey } = opts;
      const by: Author = { userId: null, owner: { client }, details: { ...opts.details, client }, within: opts.within };
      return registerAs(db, deps, { ...input, callId: undefined }, by, idempotencyKey);
    },
  };
}

/** Who registers: the user (null with none signed in), whose idempotency keys, what the history adds. */
interface Author {
  userId: string | null;
  owner: KeyOwner;
  details: Record<string, unknown>;
  within?: ExternalOptions['within'];
}

async function registerAs(
  db: Db,
  deps: RegistrationDeps,
  input: RegisterInput,
  by: Author,
  key: string | undefined,
): Promise<PastRequest> {
  const description = checkRegisterInput(input);
  const once = key === undefined ? null : { key, hash: bodyHash(input) };
  // A plain retry is answered before anything else is checked (the category may have been
  // withdrawn since: the request exists all the same).
  const earlier = once && (await replay(db, by.owner, once));
  if (earlier) return earlier;
  const { cat, placeKnown } = await categoryAndPlace(db, input.categoryId, input.neighbourhoodId ?? null);
  if (!cat || !cat.active) throw unknownCategory(input.categoryId);
  if (cat.isGroup) throw categoryIsGroup(input.categoryId);
  if (input.neighbourhoodId != null && !placeKnown) throw unknownNeighbourhood(input.neighbourhoodId);
  const done = await withTransaction(db, async (c) => {
    // Concurrent submits with one key queue here; all but the first find it taken.
    if (once && !(await claimKey(c, by.owner, once.key, once.hash))) return null;
    const reg = { input, description, cat, by, callerOf: deps.callerOf, timeZone: deps.timeZone };
    const out = await insertRegistered(c, reg);
    await by.within?.(c, out.request.id);
    if (once) await storeAnswer(c, by.owner, once.key, out.request.id, out.request);
    return out;
  });
  if (!done) {
    const first = once && (await replay(db, by.owner, once));
    if (!first) throw idempotencyKeyInUse();
    return first;
  }
  const created = done.request;
  deps.bus.emitAll(done.events);
  deps.onRegistered?.(created);
  if (once) void forgetOldKeys(db, by.owner).catch(() => undefined);
  return created;
}

/** The registration as parsed, keys sorted: what a repeated key must match to be replayed. */
function bodyHash(input: RegisterInput): string {
  const fields = Object.entries(input)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The first answer given for this key by this user or client, or null if the key is new. */
async function replay(db: Db, owner: KeyOwner, once: { key: string; hash: string }): Promise<PastRequest | null> {
  const earlier = await findAnswer(db, owner, once.key);
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
  by: Author;
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
  // The route, the unit's hours and the transaction's time in one query (unitDeadline's two reads).
  const route = await resolveRouteAt(c, r.cat.id, r.input.neighbourhoodId ?? null);
  if (!route) return null;
  const { at } = route;
  const hours = deadlineHours(route.deadlineHours, hazard);
  const basis = basisFor(hazard, route.basis);
  const deadlineAt = computeDeadline(at, hours, basis, route.workingHours, r.timeZone);
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
  const { input, cat, by } = r;
  const hazard = cat.hazard || Boolean(input.hazard);
  const auto = await routeOf(c, r, hazard);
  const channel = input.channel ?? 'phone';
  const reporter = await resolveReporter(c, input, false, r.callerOf);
  const registered = {
    userId: by.userId,
    details: { channel, categoryId: cat.id, hazard, callId: reporter.callId, ...by.details },
  };
  // The request, its reporter and its 'registered' event: one statement.
  const { id, trackingCode } = await w.insertRequest(
    c,
    {
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
      createdByUserId: by.userId,
      deadlineHours: deadlineHours(cat.deadlineHours, hazard),
      deadlineAt: auto?.deadlineAt ?? null,
      smsConsent: input.smsConsent === true,
    },
    undefined,
    registered,
  );
  const events: PendingEvent[] = [];
  if (auto) {
    const { unitId, at: referredAt, deadlineAt } = auto;
    // The referral and its 'referred' event (details { unitId, referralId, automatic }): one statement.
    const referred = { userId: by.userId, details: { unitId, automatic: true } };
    const referralId = await insertReferral(
      c,
      {
        ...{ requestId: id, unitId, referredBy: null, referredAt, deadlineAt },
        ...{ deadlineHours: auto.hours, basis: auto.basis, priority: 0, note: null },
      },
      referred,
    );
    events.push(referredEvent({ id, trackingCode, hazard }, { referralId, unitId, referredAt, deadlineAt }, true));
  }
  return { request: (await q.pastRequestById(c, id))!, events };
}
