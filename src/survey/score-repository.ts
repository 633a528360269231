import type { Db, DbClient } from '../db/index.ts';
import { RANKING_EXCLUDED_FLAGS } from './survey-flags.ts';
import type { ClosedCutoff, QuestionMean, ScorePeriod } from './score-types.ts';

// The score queries: per-operator board rows, daily means (trend) and weekly means (score weeks).
// A response's score is the mean of its scored answers, each put on the 1–5 scale from its own
// question's range, so that an admin adding a 1–9 question does not tilt the ranking. A yes/no
// question (1 yes, 2 no) also gets the share of "yes": its mean between 1 and 2 says nothing to a reader.

const BOARD_SQL = `
WITH resp AS (
  SELECT s.id, s.operator_id, s.status, s.flags, (s.flags && $4::text[]) AS suspect
    FROM survey_responses s
   WHERE s.operator_id IS NOT NULL
     AND ($1::date IS NULL OR s.shift_date >= $1) AND ($2::date IS NULL OR s.shift_date <= $2)
     AND ($3::text IS NULL OR s.shift_name = $3)
     AND ($5::date IS NULL OR (
           (s.shift_date, COALESCE(($8::int[])[array_position($7::text[], s.shift_name)], 0)) < ($5, $6::int)
           AND COALESCE(s.finished_at, s.started_at + interval '1 hour') <= $9))
), ans AS (
  SELECT r.id AS response_id, r.operator_id, r.suspect, q.code, q.version, q.scored, a.value,
         (q.min_value = 1 AND q.max_value = 2) AS yes_no,
         CASE WHEN q.max_value > q.min_value THEN 1 + 4.0 * (a.value - q.min_value) / (q.max_value - q.min_value) ELSE a.value END AS norm
    FROM resp r JOIN survey_answers a ON a.response_id = r.id JOIN survey_questions q ON q.id = a.question_id
), per_resp AS (
  SELECT response_id, operator_id, suspect, avg(norm)::float8 AS score FROM ans WHERE scored GROUP BY 1, 2, 3
), r_agg AS (
  SELECT operator_id, count(*) AS offered, count(*) FILTER (WHERE status = 'complete') AS completed,
         count(*) FILTER (WHERE suspect) AS flagged
    FROM resp GROUP BY 1
), f_agg AS (
  SELECT operator_id, json_object_agg(f, c) AS flags
    FROM (SELECT operator_id, f, count(*) AS c FROM resp, unnest(resp.flags) f WHERE f = ANY($4::text[]) GROUP BY 1, 2) x GROUP BY 1
), s_agg AS (
  SELECT operator_id, count(*) AS n_all, sum(score) AS sum_all,
         count(*) FILTER (WHERE NOT suspect) AS n_ranked, COALESCE(sum(score) FILTER (WHERE NOT suspect), 0) AS sum_ranked
    FROM per_resp GROUP BY 1
), q_agg AS (
  SELECT operator_id, json_agg(json_build_object('code', code, 'version', version, 'responses', c, 'mean', m, 'yesShare', ys) ORDER BY code, version) AS per_question
    FROM (SELECT operator_id, code, version, count(*) AS c, avg(value)::float8 AS m,
                 CASE WHEN bool_and(yes_no) THEN avg((value = 1)::int)::float8 END AS ys
            FROM ans GROUP BY 1, 2, 3) x GROUP BY 1
)
SELECT o.id::text AS operator_id, u.display_name,
       COALESCE(r.offered, 0) AS offered, COALESCE(r.completed, 0) AS completed, COALESCE(r.flagged, 0) AS flagged,
       COALESCE(f.flags, '{}') AS flags, COALESCE(s.n_all, 0) AS n_all, COALESCE(s.sum_all, 0)::float8 AS sum_all,
       COALESCE(s.n_ranked, 0) AS n_ranked, COALESCE(s.sum_ranked, 0)::float8 AS sum_ranked,
       COALESCE(q.per_question, '[]') AS per_question
  FROM operators o JOIN users u ON u.id = o.user_id
  LEFT JOIN r_agg r ON r.operator_id = o.id LEFT JOIN f_agg f ON f.operator_id = o.id
  LEFT JOIN s_agg s ON s.operator_id = o.id LEFT JOIN q_agg q ON q.operator_id = o.id
 ORDER BY o.id`;

/** One operator's survey counts and score sums over a period: what the board is computed from. */
export interface BoardRow {
  operator_id: string;
  display_name: string;
  offered: number;
  completed: number;
  flagged: number;
  flags: Record<string, number>;
  n_all: number;
  sum_all: number;
  n_ranked: number;
  sum_ranked: number;
  per_question: QuestionMean[];
}

/** Every operator's row (by id) over a period, or over the closed shifts before a cutoff. */
export async function boardRows(
  db: Db | DbClient,
  q: ScorePeriod & { closedBefore?: ClosedCutoff },
): Promise<BoardRow[]> {
  const c = q.closedBefore;
  const r = await db.query<BoardRow>(BOARD_SQL, [
    q.from ?? null,
    q.to ?? null,
    q.shift ?? null,
    RANKING_EXCLUDED_FLAGS,
    c?.date ?? null,
    c?.start ?? null,
    c?.shifts.map((x) => x.name) ?? null,
    c?.shifts.map((x) => x.start) ?? null,
    c?.at ?? null,
  ]);
  return r.rows;
}

/** One centre day (shift date) of the trend; `first` and `last` repeat the span on every row. */
export interface DayRow {
  date: string;
  responses: number;
  mean: number | null;
  first: string;
  last: string;
}

/** Unflagged responses and their mean per day over the last `days` centre days, empty days included. */
export async function dailyMeans(
  db: Db,
  q: { operatorId: string | null; days: number; timeZone: string },
): Promise<DayRow[]> {
  const r = await db.query<DayRow>(
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
  return r.rows;
}

/** `to` as YYYY-MM-DD, or (without it) the centre's today in its time zone. */
export async function centreDay(db: Db, to: string | null, timeZone: string): Promise<string> {
  const r = await db.query<{ d: string }>(
    `SELECT to_char(COALESCE($1::date, (now() AT TIME ZONE $2)::date), 'YYYY-MM-DD') AS d`,
    [to, timeZone],
  );
  return r.rows[0]!.d;
}

/** One operator's unflagged responses and mean score in one week (starting Saturday). */
export interface WeekRow {
  operator_id: string;
  week: string;
  responses: number;
  mean: number;
}

/** Per operator and week (Saturday start): unflagged responses between two shift dates, optionally of one shift. */
export async function weeklyMeans(db: Db, q: { from: string; to: string; shift: string | null }): Promise<WeekRow[]> {
  const r = await db.query<WeekRow>(
    `WITH per_resp AS (
       SELECT s.operator_id, s.shift_date,
              avg(CASE WHEN q.max_value > q.min_value THEN 1 + 4.0 * (a.value - q.min_value) / (q.max_value - q.min_value) ELSE a.value END)::float8 AS score
         FROM survey_responses s
         JOIN survey_answers a ON a.response_id = s.id
         JOIN survey_questions q ON q.id = a.question_id AND q.scored
        WHERE s.operator_id IS NOT NULL AND s.shift_date BETWEEN $1::date AND $2::date
          AND ($3::text IS NULL OR s.shift_name = $3) AND NOT (s.flags && $4::text[])
        GROUP BY s.id, s.operator_id, s.shift_date
     )
     SELECT operator_id::text, to_char(shift_date - ((extract(isodow FROM shift_date)::int + 1) % 7), 'YYYY-MM-DD') AS week,
            count(*)::int AS responses, avg(score)::float8 AS mean
       FROM per_resp GROUP BY 1, 2`,
    [q.from, q.to, q.shift, RANKING_EXCLUDED_FLAGS],
  );
  return r.rows;
}

/** Every operator's id, in id order: each gets a line on the weekly chart, responses or not. */
export async function operatorIds(db: Db): Promise<string[]> {
  const r = await db.query<{ id: string }>(`SELECT id::text FROM operators ORDER BY id`);
  return r.rows.map((x) => x.id);
}
