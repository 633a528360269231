import type { Db } from '../db/index.ts';
import { RANKING_EXCLUDED_FLAGS } from './survey-flags.ts';
import { dailyMeans } from './score-repository.ts';

export interface TrendPoint {
  /** The centre's day (shift date), YYYY-MM-DD. */
  date: string;
  responses: number;
  /** Mean response score (1–5) of that day; null on a day without responses. */
  mean: number | null;
}

export interface ScoreTrend {
  /** null: the whole centre. */
  operatorId: string | null;
  days: number;
  from: string;
  to: string;
  /** Same basis as the ranking: flagged responses are not in these means. */
  excludedFlags: readonly string[];
  points: TrendPoint[];
}

/**
 * Daily mean scores over the last `days` centre days up to today, one point per day, empty days
 * included so that a chart shows gaps as gaps. A response's score is the mean of its scored
 * answers on the 1–5 scale, as in the ranking.
 */
export async function scoreTrend(
  db: Db,
  q: { operatorId: string | null; days: number; timeZone: string },
): Promise<ScoreTrend> {
  const rows = await dailyMeans(db, q);
  return {
    operatorId: q.operatorId,
    days: q.days,
    from: rows[0]?.first ?? '',
    to: rows[0]?.last ?? '',
    excludedFlags: RANKING_EXCLUDED_FLAGS,
    points: rows.map((x) => ({ date: x.date, responses: x.responses, mean: x.mean })),
  };
}
