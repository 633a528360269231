import type { Db } from '../db/pool.ts';
import { RANKING_EXCLUDED_FLAGS } from './survey-flags.ts';

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
  const r = await db.query<{ date: string; responses: number; mean: number | null; first: string; last: string }>(
    `WITH span AS (
       SELECT ((now() AT TIME ZONE $3)::date - ($2::int - 1)) AS first, (now() AT TIME ZONE $3)::date AS last
     ), per_resp AS (
       SELECT s.shift_date,
              avg(CASE WHEN q.max_value > q.min_value THEN 1 + 4.0 * (a.value - q.min_value) / (q.max_value - q.min_value) ELSE a.value END)::float8 AS score
         FROM span
         JOIN survey_responses s ON s.shift_date BETWEEN span.first AND span.last
         JOIN survey_answers a ON a.response_id = s.id
         JOIN survey_questions q ON q.id = a.question_id AND q.scored
        WHERE ($1::bigint IS NULL OR s.operator_id = $1) AND s.operator_id IS NOT NULL
          AND NOT (s.flags && $4::text[])
        GROUP BY s.id, s.shift_date
     )
     SELECT to_char(d, 'YYYY-MM-DD') AS date, count(p.score)::int AS responses, avg(p.score)::float8 AS mean,
            to_char(span.first, 'YYYY-MM-DD') AS first, to_char(span.last, 'YYYY-MM-DD') AS last
       FROM span, generate_series(span.first, span.last, interval '1 day') d
       LEFT JOIN per_resp p ON p.shift_date = d::date
      GROUP BY d, span.first, span.last
      ORDER BY d`,
    [q.operatorId, q.days, q.timeZone, RANKING_EXCLUDED_FLAGS],
  );
  return {
    operatorId: q.operatorId,
    days: q.days,
    from: r.rows[0]?.first ?? '',
    to: r.rows[0]?.last ?? '',
    excludedFlags: RANKING_EXCLUDED_FLAGS,
    points: r.rows.map((x) => ({ date: x.date, responses: x.responses, mean: x.mean })),
  };
}
