import { withTransaction, type Db } from '../db/index.ts';
import { validationError } from '../shared/index.ts';
import { requestClosed, requestNotFound, unitRequired, unknownUnit } from './errors.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import { deadlineHours } from './request-registration.ts';
import { checkTransition, eventKindFor } from './request-status.ts';
import type { Actor, PastRequest, ReporterInput, RequestDetail, RequestStatus } from './request-types.ts';
import { resolveReporter, type CallerLookup } from './reporter-resolver.ts';
import { unitExists } from './taxonomy-repository.ts';

// What happens to a request after registration: notes, status changes (refer, follow up, ask
// the citizen, special follow-up, close) and more citizens reporting the same problem.

export interface StatusInput {
  status: RequestStatus;
  note?: string | undefined;
  /** For "referred": the unit, when the category has none or the supervisor picks another. */
  unitId?: number | undefined;
}

export interface RequestLifecycle {
  addNote(requestId: string, text: string, actor: Actor): Promise<RequestDetail>;
  changeStatus(requestId: string, input: StatusInput, actor: Actor): Promise<RequestDetail>;
  /** Idempotent: the same citizen or call linked twice counts once. */
  linkReporter(requestId: string, input: ReporterInput, actor: Actor): Promise<PastRequest>;
}

export function createLifecycle(db: Db, callerOf: CallerLookup): RequestLifecycle {
  return {
    async addNote(requestId, text, actor) {
      const note = text.trim();
      if (!note) throw validationError('Write the note text', { fields: [{ field: 'text', message: 'required' }] });
      if (!(await q.pastRequestById(db, requestId))) throw requestNotFound();
      await w.insertEvent(db, requestId, 'note', actor.userId, note);
      return (await q.requestDetail(db, requestId))!;
    },

    changeStatus: (requestId, input, actor) => changeStatus(db, requestId, input, actor),

    async linkReporter(requestId, input, actor) {
      return withTransaction(db, async (c) => {
        const req = await w.lockRequest(c, requestId);
        if (!req) throw requestNotFound();
        if (req.status === 'closed') throw requestClosed(req.trackingCode);
        const reporter = await resolveReporter(c, input, true, callerOf);
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
  };
}

/** One transition, with the row locked so that two transitions cannot interleave. */
function changeStatus(db: Db, requestId: string, input: StatusInput, actor: Actor): Promise<RequestDetail> {
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
    if (input.status === 'special-follow-up') change.newDeadlineHours = deadlineHours(req.deadlineHours, req.hazard);
    await w.updateStatus(c, requestId, change);
    await w.insertEvent(c, requestId, eventKindFor(input.status), actor.userId, note ?? null, {
      from: req.status,
      to: input.status,
      ...(change.unitId != null ? { unitId: change.unitId } : {}),
    });
    return (await q.requestDetail(c, requestId))!;
  });
}
