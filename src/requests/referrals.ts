import { withTransaction, type Db, type DbClient } from '../db/index.ts';
import { AppError, forbidden } from '../shared/index.ts';
import { unitExists } from '../units/index.ts';
import { requestClosed, requestNotFound, unknownUnit } from './errors.ts';
import { extendReferral, referLocked, type ReferInput } from './referral-core.ts';
import * as ref from './referral-repository.ts';
import type { PendingEvent, RequestBus } from './request-bus.ts';
import * as w from './request-repository.ts';
import type { Actor, RequestDetail, RequestStatus } from './request-types.ts';
import { detailFor } from './unit-scope.ts';

// 137 sends a request to a unit (again): POST /requests/:id/referrals, and a supervisor's bulk
// actions over many requests (re-refer, more time). Each request is its own transaction.

/** From where a request may be (re-)referred: everything open except while the citizen is being asked. */
const REFERABLE: readonly RequestStatus[] = [
  'registered',
  'returned',
  'referred',
  'in-progress',
  'special-follow-up',
  'feedback-negative',
];
const REFERRERS: ReadonlySet<string> = new Set(['operator', 'supervisor', 'admin']);
const BULK_ROLES: ReadonlySet<string> = new Set(['supervisor', 'admin']);

export const BULK_MAX = 200;

export interface BulkInput {
  ids: string[];
  action: 'refer' | 'extend';
  unitId?: number | undefined;
  hours?: number | undefined;
  note?: string | undefined;
}

export interface BulkResult {
  id: string;
  ok: boolean;
  /** The error code when not ok (e.g. NOT_FOUND, REQUEST_CLOSED, NO_OPEN_REFERRAL). */
  error?: string;
  message?: string;
}

export interface Referrals {
  refer(requestId: string, input: ReferInput, actor: Actor): Promise<RequestDetail>;
  bulk(input: BulkInput, actor: Actor): Promise<{ results: BulkResult[] }>;
}

const notReferable = (status: RequestStatus) =>
  new AppError(
    'INVALID_TRANSITION',
    409,
    `A request that is "${status}" cannot be referred now; it can be from: ${REFERABLE.join(', ')}`,
    { from: status, to: 'referred', allowed: REFERABLE },
  );

const noOpenReferral = (trackingCode: string) =>
  new AppError(
    'NO_OPEN_REFERRAL',
    409,
    `Request ${trackingCode} is not with a unit now; there is no deadline to extend`,
    {
      trackingCode,
    },
  );

async function referInTx(c: DbClient, id: string, input: ReferInput, actor: Actor, tz: string) {
  const req = await w.lockRequest(c, id);
  if (!req) throw requestNotFound();
  if (req.status === 'closed') throw requestClosed(req.trackingCode);
  if (!REFERABLE.includes(req.status)) throw notReferable(req.status);
  if (!(await unitExists(c, input.unitId))) throw unknownUnit(input.unitId);
  return referLocked(c, req, input, actor, tz);
}

async function extendInTx(c: DbClient, id: string, hours: number, note: string | null, actor: Actor, tz: string) {
  const req = await w.lockRequest(c, id);
  if (!req) throw requestNotFound();
  if (req.status === 'closed') throw requestClosed(req.trackingCode);
  const current = await ref.lockCurrentReferral(c, id);
  if (!current) throw noOpenReferral(req.trackingCode);
  const moved = await extendReferral(c, current, hours, tz);
  await w.insertEvent(c, id, 'extension-granted', actor.userId, note, {
    referralId: current.id,
    unitId: current.unitId,
    hours,
    from: current.deadlineAt.toISOString(),
    to: moved.deadlineAt.toISOString(),
    bulk: true,
  });
  return [moved.event];
}

export function createReferrals(db: Db, deps: { bus: RequestBus; timeZone: string }): Referrals {
  const { bus, timeZone } = deps;
  const run = async (fn: (c: DbClient) => Promise<PendingEvent[]>) => bus.emitAll(await withTransaction(db, fn));
  return {
    async refer(requestId, input, actor) {
      if (!REFERRERS.has(actor.role)) throw forbidden('Only the 137 centre refers requests to units');
      await run((c) => referInTx(c, requestId, input, actor, timeZone));
      return detailFor(db, requestId, actor);
    },

    async bulk(input, actor) {
      if (!BULK_ROLES.has(actor.role)) throw forbidden('Bulk actions are for supervisors and admins');
      const results: BulkResult[] = [];
      const note = input.note?.trim() || null;
      for (const id of [...new Set(input.ids)]) {
        try {
          await run((c) =>
            input.action === 'refer'
              ? referInTx(
                  c,
                  id,
                  { unitId: input.unitId!, deadlineHours: input.hours, note: note ?? undefined },
                  actor,
                  timeZone,
                )
              : extendInTx(c, id, input.hours!, note, actor, timeZone),
          );
          results.push({ id, ok: true });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, error: err.code, message: err.message });
        }
      }
      return { results };
    },
  };
}
