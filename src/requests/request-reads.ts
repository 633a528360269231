import { recordAudit, type Db } from '../db/index.ts';
import { normalizePhone } from '../shared/index.ts';
import { findCitizenIdByPhone } from './citizen-repository.ts';
import { invalidPhone, invalidTrackingCode } from './errors.ts';
import * as q from './request-query-repository.ts';
import type { Actor, DuplicateQuery, PastRequest, RequestDetail } from './request-types.ts';
import { normalizeTrackingCode } from './tracking-code.ts';
import { detailFor, refuseUnitRoles } from './unit-scope.ts';

// Looking requests up. A look at a request or at a citizen's history is personal data shown to
// someone: each one is written to audit_log before the answer leaves, and if that write fails
// nothing is shown. A unit's people read only their units' requests, never by phone or tracking
// code (those look-ups are how 137 finds a citizen).

export interface RequestReads {
  /** Open requests near a place: what citizens reported there is a look, written to audit_log first. */
  findDuplicates(query: DuplicateQuery, actor: Actor): Promise<PastRequest[]>;
  /**
   * One request in full; the look is written to audit_log before it is given (privacy). For a unit
   * user only a request referred to their units (else 404), without any phone number.
   */
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

export function createReads(db: Db): RequestReads {
  return {
    async findDuplicates(query, actor) {
      refuseUnitRoles(actor, 'The duplicates search');
      const list = await q.findOpenDuplicates(db, query);
      await recordAudit(db, actor.userId, 'duplicates-viewed', `category:${query.categoryId}`, {
        ...query,
        results: list.map((r) => r.id),
      });
      return list;
    },

    async getRequest(requestId, actor) {
      const r = await detailFor(db, requestId, actor);
      await recordAudit(db, actor.userId, 'request-viewed', `request:${r.id}`, {
        via: 'id',
        trackingCode: r.trackingCode,
      });
      return r;
    },

    async findByTrackingCode(raw, actor) {
      refuseUnitRoles(actor, 'Looking a request up by tracking code');
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
      refuseUnitRoles(actor, "Looking a citizen's requests up by phone number");
      const e164 = normalizePhone(raw);
      if (!e164) throw invalidPhone(raw);
      const citizenId = await findCitizenIdByPhone(db, e164);
      const list = citizenId ? await q.pastRequestsOfCitizen(db, citizenId) : [];
      await recordAudit(db, actor.userId, 'citizen-history-viewed', e164, { results: list.length });
      return list;
    },

    listCitizenRequests: (citizenId) => q.pastRequestsOfCitizen(db, citizenId),
  };
}
