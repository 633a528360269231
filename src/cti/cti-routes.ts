import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/pool.ts';
import { requireRole } from '../auth/index.ts';
import { parseInput } from '../shared/index.ts';
import { notFound } from '../shared/errors.ts';
import { maskPhone, normalizePhone } from '../shared/phone.ts';
import type { CallRecorder } from './call-recorder.ts';
import type { CallTracker } from './call-tracker.ts';
import type { LiveCall } from './cti-events.ts';
import { computeKpis } from './kpi-service.ts';
import type { QueueState } from './queue-state.ts';

export interface CtiRoutesDeps {
  db: Db;
  tracker: CallTracker;
  recorder: CallRecorder;
  queues: QueueState;
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  currentShift: () => { name: string; date: string };
}

const kpiQuery = z.object({
  shift: z.string().max(40).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
    .optional(),
  queue: z.string().max(80).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

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

  app.get('/calls', staff, async (req) => {
    const q = parseInput(
      z.object({
        active: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      req.query,
    );
    if (q.active !== 'false') return d.tracker.active().map((c) => liveView(c, d.recorder.knownId(c.key)));
    const r = await d.db.query(
      `SELECT id::text, server_id, linkedid, queue, entered_at, answered_at, ended_at, end_reason, wait_seconds, talk_seconds, hold_seconds, transfers, member_name, shift_name, shift_date, hazard, ivr_choice, caller_phone
         FROM calls ORDER BY entered_at DESC LIMIT $1`,
      [q.limit],
    );
    return r.rows.map(({ caller_phone, ...row }) => ({ ...row, callerMasked: maskPhone(caller_phone) }));
  });

  app.get<{ Params: { id: string } }>('/calls/:id', staff, async (req) => {
    if (!/^\d+$/.test(req.params.id)) throw notFound('Call');
    const r = await d.db.query(`SELECT c.*, c.id::text AS id FROM calls c WHERE c.id = $1`, [req.params.id]);
    const row = r.rows[0];
    if (!row) throw notFound('Call');
    const rings = await d.db.query(
      `SELECT interface, started_at, ended_at, outcome FROM call_ring_attempts WHERE call_id = $1 ORDER BY started_at`,
      [req.params.id],
    );
    const { caller_phone, caller_raw: _raw, ...rest } = row;
    return { ...rest, callerMasked: maskPhone(caller_phone), rings: rings.rows };
  });

  app.get('/queues', staff, async () => d.queues.snapshot());

  app.get('/kpis', staff, async (req) => {
    const q = parseInput(kpiQuery, req.query);
    const shift = !q.from && !q.to && !q.shift && !q.date ? d.currentShift() : null;
    return computeKpis(d.db, {
      shiftName: q.shift ?? shift?.name,
      shiftDate: q.date ?? shift?.date,
      from: q.from,
      to: q.to,
      queue: q.queue,
      serviceLevelSeconds: d.serviceLevelSeconds,
      shortAbandonSeconds: d.shortAbandonSeconds,
    });
  });
}
