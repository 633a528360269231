import { withTransaction, type Db } from '../db/pool.ts';
import { validationError } from '../shared/errors.ts';
import { normalizePhone } from '../shared/phone.ts';
import { recordAudit } from '../db/index.ts';
import { findCitizenIdByPhone } from './citizen-repository.ts';
import {
  categoryIsGroup,
  invalidPhone,
  invalidTrackingCode,
  requestClosed,
  requestNotFound,
  unitRequired,
  unknownCategory,
  unknownNeighbourhood,
  unknownUnit,
} from './errors.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import { checkTransition, eventKindFor } from './request-status.ts';
import type {
  Actor,
  DuplicateQuery,
  PastRequest,
  RegisterInput,
  ReporterInput,
  RequestDetail,
  RequestStatus,
} from './request-types.ts';
import { resolveReporter } from './reporter-resolver.ts';
import { findCategory, neighbourhoodExists, unitExists } from './taxonomy-repository.ts';
import { createTaxonomyService, type TaxonomyService } from './taxonomy-service.ts';
import { normalizeTrackingCode } from './tracking-code.ts';

/** A hazard must be handled first, whatever its category's usual deadline (Tehran region 2). */
export const HAZARD_MAX_DEADLINE_HOURS = 6;
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 4000;

export interface StatusInput {
  status: RequestStatus;
  note?: string | undefined;
  /** For "referred": the unit, when the category has none or the supervisor picks another. */
  unitId?: number | undefined;
}

export interface RequestService extends TaxonomyService {
  /** Register, and refer at once when the category names its unit. Resolves after COMMIT. */
  register(input: RegisterInput, actor: Actor): Promise<PastRequest>;
  addNote(requestId: string, text: string, actor: Actor): Promise<RequestDetail>;
  changeStatus(requestId: string, input: StatusInput, actor: Actor): Promise<RequestDetail>;
  findDuplicates(query: DuplicateQuery): Promise<PastRequest[]>;
  /** Idempotent: the same citizen or call linked twice counts once. */
  linkReporter(requestId: string, input: ReporterInput, actor: Actor): Promise<PastRequest>;
  /** One request in full; the look is written to audit_log before it is given (privacy). */
  getRequest(requestId: string, actor: Actor): Promise<RequestDetail>;
  /**
   * Throws INVALID_TRACKING_CODE for a mistyped code, so the operator asks again. Every look,
   * found or not, is written to audit_log before the answer is given.
   */
  findByTrackingCode(raw: string, actor: Actor): Promise<PastRequest[]>;
  /** A citizen's requests by phone; every look is written to audit_log (privacy). */
  listByPhone(raw: string, actor: Actor): Promise<PastRequest[]>;
  listCitizenRequests(citizenId: string): Promise<PastRequest[]>;
}

const deadlineHours = (hours: number, hazard: boolean) => (hazard ? Math.min(hours, HAZARD_MAX_DEADLINE_HOURS) : hours);

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

export interface RequestHooks {
  /** After a new request is committed (e.g. to schedule its deadline check). Must not throw. */
  onRegistered?: (r: PastRequest) => void;
}

export function createRequestService(db: Db, hooks: RequestHooks = {}): RequestService {
  const mustExist = async (id: string) => {
    const r = await q.pastRequestById(db, id);
    if (!r) throw requestNotFound();
    return r;
  };

  return {
    ...createTaxonomyService(db),

    async register(input, actor) {
      const description = checkRegisterInput(input);
      const cat = await findCategory(db, input.categoryId);
      if (!cat || !cat.active) throw unknownCategory(input.categoryId);
      if (cat.isGroup) throw categoryIsGroup(input.categoryId);
      if (input.neighbourhoodId != null && !(await neighbourhoodExists(db, input.neighbourhoodId))) {
        throw unknownNeighbourhood(input.neighbourhoodId);
      }
      const hazard = cat.hazard || Boolean(input.hazard);
      const status: RequestStatus = cat.unitId != null ? 'referred' : 'registered';
      const channel = input.channel ?? 'phone';
      const created = await withTransaction(db, async (c) => {
        const reporter = await resolveReporter(c, input, false);
        const { id } = await w.insertRequest(c, {
          citizenId: reporter.citizenId,
          callId: reporter.callId,
          categoryId: cat.id,
          unitId: cat.unitId,
          neighbourhoodId: input.neighbourhoodId ?? null,
          address: input.address?.trim() || null,
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          description,
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
      });
      hooks.onRegistered?.(created);
      return created;
    },

    async addNote(requestId, text, actor) {
      const note = text.trim();
      if (!note) throw validationError('Write the note text', { fields: [{ field: 'text', message: 'required' }] });
      await mustExist(requestId);
      await w.insertEvent(db, requestId, 'note', actor.userId, note);
      return (await q.requestDetail(db, requestId))!;
    },

    async changeStatus(requestId, input, actor) {
      const note = input.note?.trim() || undefined;
      return withTransaction(db, async (c) => {
        const req = await w.lockRequest(c, requestId);
        if (!req) throw requestNotFound();
        checkTransition(req.status, input.status, actor.role, note);
        const change: w.StatusChange = { status: input.status };
        if (input.status === 'referred') {
          if (input.unitId != null && !(await unitExists(c, input.unitId))) throw unknownUnit(input.unitId);
          const unitId = input.unitId ?? req.unitId ?? req.categoryUnitId;
          if (unitId == null) throw unitRequired();
          change.unitId = unitId;
        }
        // Special follow-up sends the request back to the unit with a fresh deadline.
        if (input.status === 'special-follow-up')
          change.newDeadlineHours = deadlineHours(req.deadlineHours, req.hazard);
        await w.updateStatus(c, requestId, change);
        await w.insertEvent(c, requestId, eventKindFor(input.status), actor.userId, note ?? null, {
          from: req.status,
          to: input.status,
          ...(change.unitId != null ? { unitId: change.unitId } : {}),
        });
        return (await q.requestDetail(c, requestId))!;
      });
    },

    findDuplicates: (query) => q.findOpenDuplicates(db, query),

    async linkReporter(requestId, input, actor) {
      return withTransaction(db, async (c) => {
        const req = await w.lockRequest(c, requestId);
        if (!req) throw requestNotFound();
        if (req.status === 'closed') throw requestClosed(req.trackingCode);
        const reporter = await resolveReporter(c, input, true);
        if (await w.insertReporter(c, requestId, reporter)) {
          await w.incrementReporters(c, requestId);
          await w.insertEvent(c, requestId, 'reporter-linked', actor.userId, null, {
            citizenId: reporter.citizenId,
            callId: reporter.callId,
          });
        }
        return (await q.pastRequestById(c, requestId))!;
      });
    },

    async getRequest(requestId, actor) {
      const r = await q.requestDetail(db, requestId);
      if (!r) throw requestNotFound();
      // Written before the answer leaves: if the audit cannot be written, nothing is shown.
      await recordAudit(db, actor.userId, 'request-viewed', `request:${r.id}`, {
        via: 'id',
        trackingCode: r.trackingCode,
      });
      return r;
    },

    async findByTrackingCode(raw, actor) {
      const code = normalizeTrackingCode(raw);
      if (!code) throw invalidTrackingCode(raw);
      const r = await q.pastRequestByTrackingCode(db, code);
      await recordAudit(db, actor.userId, 'request-viewed', r ? `request:${r.id}` : `tracking-code:${code}`, {
        via: 'tracking-code',
        trackingCode: code,
        results: r ? 1 : 0,
      });
      return r ? [r] : [];
    },

    async listByPhone(raw, actor) {
      const e164 = normalizePhone(raw);
      if (!e164) throw invalidPhone(raw);
      const citizenId = await findCitizenIdByPhone(db, e164);
      const list = citizenId ? await q.pastRequestsOfCitizen(db, citizenId) : [];
      // Written before the answer leaves: if the audit cannot be written, nothing is shown.
      await recordAudit(db, actor.userId, 'citizen-history-viewed', e164, { results: list.length });
      return list;
    },

    listCitizenRequests: (citizenId) => q.pastRequestsOfCitizen(db, citizenId),
  };
}
