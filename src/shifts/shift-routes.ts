import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { dateString, parseInput, validationError } from '../shared/index.ts';
import { handoverSummary, type HandoverDeps } from './handover-service.ts';
import { listRoster, replaceRoster, unknownOperators, WEEKDAYS } from './roster-repository.ts';

const date = dateString();

const entry = z
  .object({
    operatorId: z.union([z.string().regex(/^\d{1,18}$/), z.number().int().positive()]).transform(String),
    shift: z.string().min(1).max(40),
    weekday: z.enum(WEEKDAYS).nullable().default(null),
    from: date.nullable().default(null),
    to: date.nullable().default(null),
  })
  .refine((e) => !e.from || !e.to || e.from <= e.to, { message: '"to" must not be before "from"', path: ['to'] });

const rosterBody = z.object({ entries: z.array(entry).max(2000) });

/** The roster and the hand-over; the hand-over's default is the calendar's current shift. */
export function registerShiftRoutes(app: FastifyInstance, d: HandoverDeps): void {
  const editors = { preHandler: requireRole('supervisor', 'admin') };

  // The roster: every row, or (with ?date=) the rows that apply that day, optionally for one shift.
  app.get('/roster', editors, async (req) => {
    const q = parseInput(z.object({ date: date.optional(), shift: z.string().max(40).optional() }), req.query);
    return { entries: await listRoster(d.db, q) };
  });

  // Replace the roster with the full table the editor sends.
  app.put('/roster', editors, async (req) => {
    const body = parseInput(rosterBody, req.body);
    const names = d.calendar.names;
    const badShift = body.entries.find((e) => !names.includes(e.shift));
    if (badShift) throw validationError(`Unknown shift "${badShift.shift}"; the shifts are ${names.join(', ')}`);
    const missing = await unknownOperators(
      d.db,
      body.entries.map((e) => e.operatorId),
    );
    if (missing.length)
      throw validationError(`No operator with id ${missing.join(', ')}; pick operators from GET /api/v1/operators`);
    await replaceRoster(d.db, body.entries, currentUser(req).id);
    return { entries: await listRoster(d.db) };
  });

  // What the outgoing shift hands over; the current shift unless ?shift= and ?date= say otherwise.
  app.get('/shifts/handover', { preHandler: requireRole('supervisor', 'admin', 'viewer') }, async (req) => {
    const q = parseInput(z.object({ shift: z.string().max(40).optional(), date: date.optional() }), req.query);
    const cur = d.calendar.current();
    return handoverSummary(d, { name: q.shift ?? cur.name, date: q.date ?? cur.date });
  });
}
