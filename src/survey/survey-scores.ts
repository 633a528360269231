import type { Db } from '../db/pool.ts';

export interface OperatorScore {
  operatorId: string;
  displayName: string;
  /** Surveys offered to this operator's callers. */
  offered: number;
  /** Surveys with every question answered. */
  completed: number;
  /** completed ÷ offered, 0..1 */
  responseRate: number;
  /** Responses that answered the scored question. */
  responses: number;
  /** Plain mean of the scored question (1–5), null with no responses. */
  meanScore: number | null;
  /** Bayesian average: (C·m + Σx) / (C + n), m = the centre's mean, C = prior weight. Used for ranking. */
  bayesianScore: number | null;
  ranked: boolean;
  rank: number | null;
  perQuestion: Array<{ code: string; responses: number; mean: number | null }>;
  flagged: number;
}

export interface ScoreQuery {
  from?: string; // YYYY-MM-DD, shift dates
  to?: string;
  shift?: string;
  priorWeight: number;
  minResponses: number;
}

/** Pure: the Bayesian average that keeps three lucky answers from topping the ranking. */
export function bayesianAverage(sum: number, n: number, priorMean: number, priorWeight: number): number | null {
  if (n === 0 && priorWeight === 0) return null;
  return (priorWeight * priorMean + sum) / (priorWeight + n);
}

/** Scores for every operator over a period (and shift), ranked by Bayesian average among those with enough responses. */
export async function operatorScores(db: Db, q: ScoreQuery): Promise<OperatorScore[]> {
  const r = await db.query(
    `WITH resp AS (
       SELECT s.* FROM survey_responses s
        WHERE ($1::date IS NULL OR s.shift_date >= $1) AND ($2::date IS NULL OR s.shift_date <= $2) AND ($3::text IS NULL OR s.shift_name = $3)
     ), ans AS (
       SELECT resp.operator_id, q.code, q.scored, a.value FROM resp
         JOIN survey_answers a ON a.response_id = resp.id JOIN survey_questions q ON q.id = a.question_id
     )
     SELECT o.id::text AS operator_id, u.display_name,
            (SELECT count(*) FROM resp WHERE resp.operator_id = o.id) AS offered,
            (SELECT count(*) FROM resp WHERE resp.operator_id = o.id AND resp.status = 'complete') AS completed,
            (SELECT count(*) FROM resp WHERE resp.operator_id = o.id AND cardinality(resp.flags) > 0) AS flagged,
            (SELECT count(*) FROM ans WHERE ans.operator_id = o.id AND ans.scored) AS n,
            (SELECT COALESCE(sum(value), 0) FROM ans WHERE ans.operator_id = o.id AND ans.scored) AS total,
            (SELECT COALESCE(json_agg(json_build_object('code', code, 'responses', c, 'mean', m)), '[]') FROM
               (SELECT code, count(*) AS c, avg(value)::float AS m FROM ans WHERE ans.operator_id = o.id GROUP BY code) pq) AS per_question
       FROM operators o JOIN users u ON u.id = o.user_id
      ORDER BY o.id`,
    [q.from ?? null, q.to ?? null, q.shift ?? null],
  );
  const totalN = r.rows.reduce((s, x) => s + Number(x.n), 0);
  const totalSum = r.rows.reduce((s, x) => s + Number(x.total), 0);
  const centreMean = totalN ? totalSum / totalN : 3;
  const scores: OperatorScore[] = r.rows.map((x) => {
    const n = Number(x.n);
    const offered = Number(x.offered);
    return {
      operatorId: x.operator_id,
      displayName: x.display_name,
      offered,
      completed: Number(x.completed),
      responseRate: offered ? Number(x.completed) / offered : 0,
      responses: n,
      meanScore: n ? Number(x.total) / n : null,
      bayesianScore: n ? bayesianAverage(Number(x.total), n, centreMean, q.priorWeight) : null,
      ranked: n >= q.minResponses && n > 0,
      rank: null,
      perQuestion: x.per_question,
      flagged: Number(x.flagged),
    };
  });
  scores
    .filter((s) => s.ranked)
    .sort((a, b) => (b.bayesianScore ?? 0) - (a.bayesianScore ?? 0))
    .forEach((s, i) => (s.rank = i + 1));
  return scores;
}
