import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import type { ShiftCalendar } from '../calendar/index.ts';
import { recordAudit, type Db } from '../db/index.ts';
import { apiDoc, dateString, instant, maskPhone, normalizePhone, notFound, parseInput } from '../shared/index.ts';
import type { CallRecorder } from './call-recorder.ts';
import { findCallWithRings, listRecentCalls } from './call-query-repository.ts';
import type { CallTracker } from './call-tracker.ts';
import type { LiveCall } from './cti-events.ts';
import { computeKpis } from './kpi-service.ts';
import type { QueueState } from './queue-state.ts';
import type { Kpis } from './queue-types.ts';

export interface CtiRoutesDeps {
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  queues: QueueState;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  /** KPIs without a shift or range asked are the current shift's. */
  calendar: ShiftCalendar;
  /** Late-bound (callbacks install after cti): callbacks owed, made and reached in [from, to). */
  callbackCounts?: () => ((from: Date, to: Date) => Promise<NonNullable<Kpis['callbacks']>>) | null;
}

const kpiQuery = z.object({
  shift: z.string().max(40).optional(),
  date: dateString().optional(),
  queue: z.string().max(80).optional(),
  from: instant().optional(),
  to: instant().optional(),
});

const callsQuery = z.object({
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const callId = z.object({ id: z.string().regex(/^\d+$/) });
const TAGS = 'cti';

// Supervisors see masked numbers on lists; the full number belongs to the operator's desk.
function liveView(c: LiveCall, id: string | null) {
  return {
    id,
    serverId: c.serverId,
    linkedid: c.linkedid,
    phase: c.phase,
    callerMasked: maskPhone(normalizePhone(c.callerNum)),
    queue: c.queue,
    enteredAt: new Date(c.enteredAt).toISOString(),
    queuedAt: c.queuedAt ? new Date(c.queuedAt).toISOString() : null,
    answeredAt: c.answeredAt ? new Date(c.answeredAt).toISOString() : null,
    hazard: c.hazard,
    ivrChoice: c.ivrChoice,
    memberInterface: c.memberInterface,
    memberName: c.memberName,
    // A hold still running counts up to now.
    holdSeconds: c.holdSeconds + (c.onHoldSince === null ? 0 : Math.round((Date.now() - c.onHoldSince) / 1000)),
    onHold: c.onHoldSince !== null,
    transfers: c.transfers,
    rings: c.rings.map((r) => ({
      interface: r.interface,
      outcome: r.outcome,
      startedAt: new Date(r.startedAt).toISOString(),
    })),
  };
}

export function registerCtiRoutes(app: FastifyInstance, d: CtiRoutesDeps): void {
  const staff = { preHandler: requireRole('supervisor', 'admin', 'viewer') };

  const callsDoc = apiDoc({
    summary: 'Live calls (a page, X-Total-Count) or, with active=false, the latest call records; numbers masked',
    tags: TAGS,
    querystring: callsQuery,
  });
  app.get('/calls', { ...staff, schema: callsDoc }, async (req, reply) => {
    const q = parseInput(callsQuery, req.query);
    if (q.active !== 'false') {
      // A page of the live calls, oldest first: a PBX that reports thousands of calls (or a flood)
      // must not make one answer megabytes long. X-Total-Count says how many there are in all.
      const all = d.tracker.active().sort((a, b) => a.enteredAt - b.enteredAt);
      void reply.header('x-total-count', String(all.length));
      return all.slice(q.offset, q.offset + q.limit).map((c) => liveView(c, d.recorder.knownId(c.key)));
    }
    const rows = await listRecentCalls(d.db, q.limit);
    return rows.map(({ caller_phone, ...row }) => ({ ...row, callerMasked: maskPhone(caller_phone as string | null) }));
  });

  const callDoc = apiDoc({
    summary: 'One call record with its rings (audited: call-viewed)',
    tags: TAGS,
    params: callId,
  });
  app.get<{ Params: { id: string } }>('/calls/:id', { ...staff, schema: callDoc }, async (req) => {
    if (!/^\d+$/.test(req.params.id)) throw notFound('Call');
    const found = await findCallWithRings(d.db, req.params.id);
    if (!found) throw notFound('Call');
    // The record names the caller (caller_name, citizen_id): a look at a citizen's data, written
    // to audit_log before it is given, like every other view of a citizen's history.
    await recordAudit(d.db, currentUser(req).id, 'call-viewed', `call:${req.params.id}`, {
      citizenId: found.call.citizen_id ?? null,
    });
    const { caller_phone, caller_raw: _raw, ...rest } = found.call;
    return { ...rest, callerMasked: maskPhone(caller_phone as string | null), rings: found.rings };
  });

  const queuesDoc = apiDoc({ summary: 'The queues now: waiting callers (masked), members, talking', tags: TAGS });
  app.get('/queues', { ...staff, schema: queuesDoc }, async () => d.queues.snapshot());

  const kpiDoc = apiDoc({
    summary: 'KPIs of a shift, a date or a time range (default: the current shift), with callbacks',
    tags: TAGS,
    querystring: kpiQuery,
  });
  app.get('/kpis', { ...staff, schema: kpiDoc }, async (req) => {
    const q = parseInput(kpiQuery, req.query);
    const shift = !q.from && !q.to && !q.shift && !q.date ? d.calendar.current() : null;
    const kpis = await computeKpis(d.db, {
      shiftName: q.shift ?? shift?.name,
      shiftDate: q.date ?? shift?.date,
      from: q.from,
      to: q.to,
      queue: q.queue,
      serviceLevelSeconds: d.serviceLevelSeconds,
      shortAbandonSeconds: d.shortAbandonSeconds,
    });
    const counts = d.callbackCounts?.();
    if (!counts) return kpis;
    const w = kpiWindow(d.calendar, q.shift ?? shift?.name, q.date ?? shift?.date, q.from, q.to);
    return { ...kpis, callbacks: await counts(w.from, w.to) };
  });
}

/** The period a KPI query covers, as instants: the shift (or every shift of the date) within the range; open ends: all time. */
function kpiWindow(cal: ShiftCalendar, shift?: string, date?: string, from?: Date, to?: Date) {
  const windows = date ? (shift ? [shift] : cal.names).map((name) => cal.window({ name, date })) : [];
  const start = windows.length ? Math.min(...windows.map((x) => x.from)) : 0;
  const end = windows.length ? Math.max(...windows.map((x) => x.to)) : 8.64e15;
  return {
    from: new Date(Math.max(from?.getTime() ?? 0, start)),
    to: new Date(Math.min(to?.getTime() ?? 8.64e15, end)),
  };
}
