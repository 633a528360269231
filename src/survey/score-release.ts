import type { ShiftCalendar } from '../calendar/index.ts';
import { withTransaction, type Db } from '../db/index.ts';
import { insertRelease, lastRelease, lockReleases } from './release-repository.ts';
import { scoreBoard } from './survey-scores.ts';
import type { OperatorScore, ReleasedFigures, ScoreBoard } from './score-types.ts';

// What an operator sees of their own survey scores. Live figures would give a caller away: reload
// after a call, compare with the figure before, and the difference is that caller's rating. So,
// as QA systems do, an operator's figures are released per closed period: up to the start of the
// current shift, and only when every count that moved grew by at least K ratings since the last
// release. Until then the operator keeps seeing the previous release, unchanged. Supervisors keep
// the live board (survey-scores.ts).

export interface ReleaseDeps {
  db: Db;
  /** The centre's shifts: figures are released up to the start of the current one. */
  calendar: ShiftCalendar;
  priorWeight: number;
  minResponses: number;
  /** K: the fewest new ratings a release may add to any figure it changes. */
  minNewRatings: number;
}

type Context = Omit<ScoreBoard, 'operators'>;
export type { ReleasedFigures };

export interface ReleasedScores extends ReleasedFigures {
  /** The figures cover responses of shifts before this one, finished by `at`; null: nothing released yet. */
  released: { beforeShift: string; beforeDate: string; at: string } | null;
  minNewRatings: number;
}

/** Pure: the counts a release could move. Each must stay, or grow by at least K; one must grow. */
export function releaseCounts(
  s: Pick<OperatorScore, 'responses' | 'rankedResponses' | 'perQuestion'>,
): Map<string, number> {
  const m = new Map<string, number>([
    ['responses', s.responses],
    ['ranked', s.rankedResponses],
    // flagged ratings: responses − ranked is derivable from the figures shown, so it is a count too
    ['suspect', s.responses - s.rankedResponses],
  ]);
  for (const q of s.perQuestion) m.set(`q:${q.code}:${q.version}`, q.responses);
  return m;
}

/** Pure: may `next` replace `prev` without any figure resting on fewer than K new ratings? */
export function mayRelease(prev: Map<string, number> | null, next: Map<string, number>, k: number): boolean {
  let grew = false;
  const keys = new Set([...(prev?.keys() ?? []), ...next.keys()]);
  for (const key of keys) {
    const d = (next.get(key) ?? 0) - (prev?.get(key) ?? 0);
    if (d === 0) continue;
    if (d < k) return false; // a smaller change (or a drop, e.g. a response re-flagged) would tell too much
    grew = true;
  }
  return grew;
}

function emptyFigures(operatorId: string, displayName: string, ctx: Context): ReleasedFigures {
  return {
    operatorId,
    displayName,
    offered: 0,
    completed: 0,
    responseRate: 0,
    responses: 0,
    meanScore: null,
    perQuestion: [],
    flagged: 0,
    flags: {},
    rankedResponses: 0,
    bayesianScore: null,
    ranked: false,
    rank: null,
    ...ctx,
  };
}

/** The operator's released figures, releasing the newly closed period first when it holds enough ratings. */
export async function releasedScores(
  deps: ReleaseDeps,
  operatorId: string,
  now: Date = new Date(),
): Promise<ReleasedScores | null> {
  const cal = deps.calendar;
  const current = cal.shiftAt(now);
  const start = cal.startMinutes(current.name);
  return withTransaction(deps.db, async (c) => {
    await lockReleases(c, operatorId);
    const last = await lastRelease(c, operatorId);
    let out = last;
    const sameCutoff = last && last.cutoff_date === current.date && last.cutoff_shift === current.name;
    if (!sameCutoff) {
      const board = await scoreBoard(c, {
        priorWeight: deps.priorWeight,
        minResponses: deps.minResponses,
        closedBefore: {
          date: current.date,
          start,
          shifts: cal.names.map((name) => ({ name, start: cal.startMinutes(name) })),
          at: now,
        },
      });
      const mine = board.operators.find((o) => o.operatorId === operatorId);
      if (!mine) return null;
      const { operators: _all, ...ctx } = board;
      const next = { ...mine, ...ctx };
      if (mayRelease(last ? releaseCounts(last.figures) : null, releaseCounts(next), deps.minNewRatings)) {
        out = await insertRelease(c, operatorId, current, now, next);
      } else if (!last) {
        return {
          ...emptyFigures(operatorId, mine.displayName, ctx),
          released: null,
          minNewRatings: deps.minNewRatings,
        };
      }
    }
    return {
      ...out!.figures,
      released: { beforeShift: out!.cutoff_shift, beforeDate: out!.cutoff_date, at: out!.released_at.toISOString() },
      minNewRatings: deps.minNewRatings,
    };
  });
}
