import { isUnitRole } from '../auth/index.ts';
import { withTransaction, type Db } from '../db/index.ts';
import { validationError } from '../shared/index.ts';
import { requestClosed, requestNotFound } from './errors.ts';
import type { RequestBus } from './request-bus.ts';
import * as q from './request-query-repository.ts';
import * as w from './request-repository.ts';
import type { Actor, PastRequest, ReporterInput, RequestDetail } from './request-types.ts';
import { resolveReporter, type CallerLookup } from './reporter-resolver.ts';
import { changeLocked, type StatusInput } from './status-changes.ts';
import { assertUnitHolds, detailFor, refuseUnitRoles } from './unit-scope.ts';

// What happens to a request after registration: notes, status changes (refer, follow up, ask
// the citizen, special follow-up, close; a unit's accept, done and return) and more citizens
// reporting the same problem.

export type { StatusInput } from './status-changes.ts';

export interface RequestLifecycle {
  /** A note; from a unit's people (on a request their unit holds) it is a progress note. */
  addNote(requestId: string, text: string, actor: Actor): Promise<RequestDetail>;
  changeStatus(requestId: string, input: StatusInput, actor: Actor): Promise<RequestDetail>;
  /** Idempotent: the same citizen or call linked twice counts once. */
  linkReporter(requestId: string, input: ReporterInput, actor: Actor): Promise<PastRequest>;
}

export interface LifecycleDeps {
  callerOf: CallerLookup;
  bus: RequestBus;
  timeZone: string;
}

export function createLifecycle(db: Db, deps: LifecycleDeps): RequestLifecycle {
  const { callerOf, bus, timeZone } = deps;
  return {
    async addNote(requestId, text, actor) {
      const note = text.trim();
      if (!note) throw validationError('Write the note text', { fields: [{ field: 'text', message: 'required' }] });
      const unit = isUnitRole(actor.role);
      if (unit) await assertUnitHolds(db, actor, requestId);
      else if (!(await q.requestExists(db, requestId))) throw requestNotFound();
      await w.insertEvent(db, requestId, unit ? 'progress' : 'note', actor.userId, note);
      return detailFor(db, requestId, actor);
    },

    async changeStatus(requestId, input, actor) {
      const note = input.note?.trim() || undefined;
      // One transition at a time: the row stays locked until COMMIT; listeners hear of it after.
      const events = await withTransaction(db, async (c) => {
        const req = await w.lockRequest(c, requestId);
        if (!req) throw requestNotFound();
        return changeLocked(c, { req, input, note, actor, timeZone });
      });
      bus.emitAll(events);
      return detailFor(db, requestId, actor);
    },

    async linkReporter(requestId, input, actor) {
      refuseUnitRoles(actor, 'Linking a reporter');
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
