import type { REACH_RULES, SurveyReach } from './survey-reach.ts';

// The shapes of the score board, apart from the code that computes them, so that the board
// (survey-scores.ts), its queries (score-repository.ts) and the releases share them without a cycle.

export interface QuestionMean {
  code: string;
  /** Answers keep the version they were asked under; versions are reported apart. */
  version: number;
  responses: number;
  mean: number | null;
  /** A yes/no question (range 1–2, 1 = yes): the share of "yes" answers, 0..1; otherwise null. */
  yesShare?: number | null;
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

/** A period of shift dates (YYYY-MM-DD) and optionally one shift. */
export interface ScorePeriod {
  from?: string;
  to?: string;
  shift?: string;
}

export interface ScoreQuery extends ScorePeriod {
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

/** An operator's figures as released: their row of the board with the board's context. */
export type ReleasedFigures = OperatorScore & Omit<ScoreBoard, 'operators'>;
