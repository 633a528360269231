import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth/index.ts';
import { apiDoc, dateString, parseInput, validationError, type RouteDocInput } from '../shared/index.ts';
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
const rosterQuery = z.object({ date: date.optional(), shift: z.string().max(40).optional() });
const handoverQuery = z.object({ shift: z.string().max(40).optional(), date: date.optional() });
const doc = (summary: string, more: Omit<RouteDocInput, 'summary' | 'tags'> = {}) => ({
  schema: apiDoc({ summary, tags: 'shifts', ...more }),
});

/** The roster and the hand-over; the hand-over's default is the calendar's current shift. */
export function registerShiftRoutes(app: FastifyInstance, d: HandoverDeps): void {
  const editors = { preHandler: requireRole('supervisor', 'admin') };

  // The roster: every row, or (with ?date=) the rows that apply that day, optionally for one shift.
  const rosterDoc = doc('The roster: every row, or those that apply on ?date= (optionally one shift)', {
    querystring: rosterQuery,
  });
  app.get('/roster', { ...editors, ...rosterDoc }, async (req) => {
    const q = parseInput(rosterQuery, req.query);
    return { entries: await listRoster(d.db, q) };
  });

  // Replace the roster with the full table the editor sends.
  app.put(
    '/roster',
    { ...editors, ...doc('Replace the roster with the whole table', { body: rosterBody }) },
    async (req) => {
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
    },
  );

  // What the outgoing shift hands over; the current shift unless ?shift= and ?date= say otherwise.
  const handoverDoc = doc('The shift hand-over summary (default: the current shift)', { querystring: handoverQuery });
  const handoverOpts = { preHandler: requireRole('supervisor', 'admin', 'viewer'), ...handoverDoc };
  app.get('/shifts/handover', handoverOpts, async (req) => {
    const q = parseInput(handoverQuery, req.query);
    const cur = d.calendar.current();
    return handoverSummary(d, { name: q.shift ?? cur.name, date: q.date ?? cur.date });
  });
}
