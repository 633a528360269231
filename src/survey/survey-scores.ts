import type { Db, DbClient } from '../db/pool.ts';
import { RANKING_EXCLUDED_FLAGS, RANKING_NOTE } from './survey-flags.ts';
import { answeredCalls, EARLY_HANGUP_SECONDS, reachOf, REACH_RULES, type SurveyReach } from './survey-reach.ts';

export interface QuestionMean {
  code: string;
  /** Answers keep the version they were asked under; versions are reported apart. */
  version: number;
  responses: number;
  mean: number | null;
}

export interface OperatorScore {
  operatorId: string;
  displayName: string;
  /** Surveys offered to this operator's callers. */
  offered: number;
  /** Surveys with every question answered. */
  completed: number;
  /** completed ÷ offered, 0..1 */
  responseRate: number;
  /** Responses that answered a scored question, flagged ones included. */
  responses: number;
  /** Plain mean of those responses' scores (1–5), null with none. */
  meanScore: number | null;
  perQuestion: QuestionMean[];
  /** Offered surveys carrying a suspect flag (short-call, hand-transfer, …). */
  flagged: number;
  /** How many responses carry each suspect flag. */
  flags: Record<string, number>;
  /** Unflagged responses with a scored answer: the n of the Bayesian score and of the minimum for a rank. */
  rankedResponses: number;
  /** (C·m + Σx) / (C + n) over the unflagged responses, m = the centre's mean, C = prior weight. */
  bayesianScore: number | null;
  ranked: boolean;
  rank: number | null;
  /** Live boards only (supervisors): answered calls against surveys offered, and flags for dodging the survey. */
  reach?: SurveyReach;
}

export interface ScoreBoard {
  period: { from: string | null; to: string | null; shift: string | null };
  priorWeight: number;
  /** The centre's mean over every unflagged response in the period: the prior m. */
  priorMean: number;
  minResponses: number;
  excludedFromRanking: readonly string[];
  note: string;
  operators: OperatorScore[];
  /** Live boards only: the centre's totals the operators' reach flags compare with, and the rules. */
  reachCentre?: { centre: SurveyReach; rules: typeof REACH_RULES; earlyHangupSeconds: number };
}

export interface ScoreQuery {
  from?: string; // YYYY-MM-DD, shift dates
  to?: string;
  shift?: string;
  priorWeight: number;
  minResponses: number;
  /**
   * Only closed periods: responses of shifts that began before `shift` on `date` (shift order by
   * date, then the shift's start in `starts`), and finished by `at` (a survey still running is left out).
   */
  closedBefore?: ClosedCutoff;
  /**
   * Survey reach per operator (answered calls from the call records against surveys offered): an
   * extra query over `calls`, so only for the boards that show it (the supervisors' score routes),
   * not for the wallboard's minute-by-minute score column. Never with closedBefore.
   */
  withReach?: boolean;
}

export interface ClosedCutoff {
  date: string;
  /** Start minute of the shift that bounds the period (exclusive). */
  start: number;
  /** Every configured shift's name and start minute, to order a response's shift. */
  shifts: Array<{ name: string; start: number }>;
  at: Date;
}

/** With no answer anywhere yet, the middle of the 1–5 scale. */
const NEUTRAL_MEAN = 3;

/** Pure: the Bayesian average that keeps three lucky answers from topping the ranking. */
export function bayesianAverage(sum: number, n: number, priorMean: number, priorWeight: number): number | null {
  if (n === 0) return null;
  return (priorWeight * priorMean + sum) / (priorWeight + n);
}

/** Pure: rank by Bayesian score those with at least minResponses unflagged responses; ties share the order of their ids. */
export function assignRanks(scores: OperatorScore[], minResponses: number): void {
  for (const s of scores) {
    s.ranked = s.rankedResponses > 0 && s.rankedResponses >= minResponses;
    s.rank = null;
  }
  scores
    .filter((s) => s.ranked)
    .sort((a, b) => (b.bayesianScore ?? 0) - (a.bayesianScore ?? 0) || Number(a.operatorId) - Number(b.operatorId))
    .forEach((s, i) => (s.rank = i + 1));
}

// A response's score is the mean of its scored answers, each put on the 1–5 scale from its own
// question's range, so that an admin adding a 1–9 question does not tilt the ranking.
const SQL = `
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
  SELECT operator_id, json_agg(json_build_object('code', code, 'version', version, 'responses', c, 'mean', m) ORDER BY code, version) AS per_question
    FROM (SELECT operator_id, code, version, count(*) AS c, avg(value)::float8 AS m FROM ans GROUP BY 1, 2, 3) x GROUP BY 1
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

interface Row {
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

/** Scores for every operator over a period (and shift), ranked by Bayesian average among those with enough unflagged responses. */
export async function scoreBoard(db: Db | DbClient, q: ScoreQuery): Promise<ScoreBoard> {
  const c = q.closedBefore;
  const r = await db.query<Row>(SQL, [
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
  const n = r.rows.reduce((s, x) => s + x.n_ranked, 0);
  const sum = r.rows.reduce((s, x) => s + x.sum_ranked, 0);
  const priorMean = n ? sum / n : NEUTRAL_MEAN;
  const operators: OperatorScore[] = r.rows.map((x) => ({
    operatorId: x.operator_id,
    displayName: x.display_name,
    offered: x.offered,
    completed: x.completed,
    responseRate: x.offered ? x.completed / x.offered : 0,
    responses: x.n_all,
    meanScore: x.n_all ? x.sum_all / x.n_all : null,
    perQuestion: x.per_question,
    flagged: x.flagged,
    flags: x.flags,
    rankedResponses: x.n_ranked,
    bayesianScore: bayesianAverage(x.sum_ranked, x.n_ranked, priorMean, q.priorWeight),
    ranked: false,
    rank: null,
  }));
  assignRanks(operators, q.minResponses);
  // Reach compares call records with surveys; an operator's released (closed-period) figures leave it out.
  let reachCentre: ScoreBoard['reachCentre'];
  if (!c && q.withReach) {
    const calls = await answeredCalls(db, q);
    const counts = operators.map((o) => ({
      answered: 0,
      transferredOut: 0,
      earlyHangups: 0,
      ...calls.get(o.operatorId),
      offered: o.offered,
      completed: o.completed,
    }));
    const total = counts.reduce(
      (t, x) => ({
        answered: t.answered + x.answered,
        offered: t.offered + x.offered,
        completed: t.completed + x.completed,
        transferredOut: t.transferredOut + x.transferredOut,
        earlyHangups: t.earlyHangups + x.earlyHangups,
      }),
      { answered: 0, offered: 0, completed: 0, transferredOut: 0, earlyHangups: 0 },
    );
    operators.forEach((o, i) => (o.reach = reachOf(counts[i]!, total)));
    reachCentre = { centre: reachOf(total, total), rules: REACH_RULES, earlyHangupSeconds: EARLY_HANGUP_SECONDS };
  }
  return {
    period: { from: q.from ?? null, to: q.to ?? null, shift: q.shift ?? null },
    priorWeight: q.priorWeight,
    priorMean,
    minResponses: q.minResponses,
    excludedFromRanking: RANKING_EXCLUDED_FLAGS,
    note: RANKING_NOTE,
    operators,
    ...(reachCentre ? { reachCentre } : {}),
  };
}

/** Kept for callers of the first version: the operators' rows only. */
export async function operatorScores(db: Db, q: ScoreQuery): Promise<OperatorScore[]> {
  return (await scoreBoard(db, q)).operators;
}
