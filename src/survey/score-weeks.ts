import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ShiftCalendar } from '../calendar/index.ts';
import type { Db } from '../db/index.ts';
import { requireRole } from '../auth/index.ts';
import { apiDoc, dateString, parseInput } from '../shared/index.ts';
import { RANKING_EXCLUDED_FLAGS } from './survey-flags.ts';
import { centreDay, operatorIds, weeklyMeans } from './score-repository.ts';

export interface WeekPoint {
  /** The week's first day (a Saturday, as the Persian week starts), YYYY-MM-DD. */
  week: string;
  /** Unflagged responses with a scored answer in that week. */
  responses: number;
  /** Their mean score (1–5); null in a week without responses. */
  mean: number | null;
}

export interface ScoreWeeks {
  /** The weeks shown, oldest first; every operator has one point per week. */
  weeks: string[];
  shift: string | null;
  excludedFlags: readonly string[];
  operators: Array<{ operatorId: string; points: WeekPoint[] }>;
}

/** Pure: the Saturday that starts the week of a YYYY-MM-DD day. */
export function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 1) % 7));
  return d.toISOString().slice(0, 10);
}

/** Pure: `n` week starts ending with the week of `last`, oldest first. */
export function weekStarts(last: string, n: number): string[] {
  const end = new Date(`${weekStart(last)}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(end);
    d.setUTCDate(d.getUTCDate() - 7 * (n - 1 - i));
    return d.toISOString().slice(0, 10);
  });
}

/**
 * Every operator's weekly mean score over the last `weeks` weeks up to `to` (default: the centre's
 * today), optionally for one shift: the supervisor's trend per operator. Same basis as the ranking
 * (flagged responses are left out; each response's score is the mean of its scored answers on the
 * 1–5 scale). Aggregates only: nothing here tells who rated whom.
 */
export async function scoreWeeks(
  db: Db,
  q: { weeks: number; to?: string; shift?: string; timeZone: string },
): Promise<ScoreWeeks> {
  const today = await centreDay(db, q.to ?? null, q.timeZone);
  const weeks = weekStarts(today, q.weeks);
  const rows = await weeklyMeans(db, { from: weeks[0]!, to: today, shift: q.shift ?? null });
  const ids = await operatorIds(db);
  const at = new Map(rows.map((x) => [`${x.operator_id}|${x.week}`, x]));
  return {
    weeks,
    shift: q.shift ?? null,
    excludedFlags: RANKING_EXCLUDED_FLAGS,
    operators: ids.map((id) => ({
      operatorId: id,
      points: weeks.map((week) => {
        const x = at.get(`${id}|${week}`);
        return { week, responses: x?.responses ?? 0, mean: x?.mean ?? null };
      }),
    })),
  };
}

const weeksQuery = z.object({
  weeks: z.coerce.number().int().min(2).max(53).default(12),
  to: dateString().optional(),
  shift: z.string().max(40).optional(),
});

/** GET /api/v1/scores/weeks: everyone's weekly trend, for the supervisors' scores page. */
export function registerScoreWeeksRoute(app: FastifyInstance, deps: { db: Db; calendar: ShiftCalendar }): void {
  const schema = apiDoc({
    summary: "Every operator's weekly mean score (Saturday-first weeks), unflagged responses only",
    tags: 'survey',
    querystring: weeksQuery,
  });
  app.get('/scores/weeks', { preHandler: requireRole('supervisor', 'admin'), schema }, async (req) => {
    const q = parseInput(weeksQuery, req.query);
    return scoreWeeks(deps.db, { weeks: q.weeks, to: q.to, shift: q.shift, timeZone: deps.calendar.timeZone });
  });
}
