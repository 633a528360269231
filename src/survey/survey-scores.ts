import type { Db, DbClient } from '../db/index.ts';
import { RANKING_EXCLUDED_FLAGS, RANKING_NOTE } from './survey-flags.ts';
import { answeredCallsByOperator } from '../cti/index.ts';
import { EARLY_HANGUP_SECONDS, reachOf, REACH_RULES, type ReachCounts } from './survey-reach.ts';
import { boardRows } from './score-repository.ts';
import type { OperatorScore, ScoreBoard, ScorePeriod, ScoreQuery } from './score-types.ts';

export type { ClosedCutoff, OperatorScore, QuestionMean, ScoreBoard, ScoreQuery } from './score-types.ts';

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

/** Scores for every operator over a period (and shift), ranked by Bayesian average among those with enough unflagged responses. */
export async function scoreBoard(db: Db | DbClient, q: ScoreQuery): Promise<ScoreBoard> {
  const c = q.closedBefore;
  const rows = await boardRows(db, q);
  const n = rows.reduce((s, x) => s + x.n_ranked, 0);
  const sum = rows.reduce((s, x) => s + x.sum_ranked, 0);
  const priorMean = n ? sum / n : NEUTRAL_MEAN;
  const operators: OperatorScore[] = rows.map((x) => ({
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
  const reachCentre = !c && q.withReach ? await addReach(db, operators, q) : undefined;
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

/** Sets each operator's survey reach (their answered calls from cti's records); returns the centre's. */
async function addReach(
  db: Db | DbClient,
  operators: OperatorScore[],
  period: ScorePeriod,
): Promise<NonNullable<ScoreBoard['reachCentre']>> {
  const calls = await answeredCallsByOperator(db, {
    from: period.from,
    to: period.to,
    shift: period.shift,
    earlyHangupSeconds: EARLY_HANGUP_SECONDS,
  });
  const counts: ReachCounts[] = operators.map((o) => ({
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
  return { centre: reachOf(total, total), rules: REACH_RULES, earlyHangupSeconds: EARLY_HANGUP_SECONDS };
}

/** Kept for callers of the first version: the operators' rows only. */
export async function operatorScores(db: Db, q: ScoreQuery): Promise<OperatorScore[]> {
  return (await scoreBoard(db, q)).operators;
}
