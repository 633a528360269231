// Survey reach: how many of an operator's answered calls reached the survey at all. "offered" alone
// only counts calls that got there, so an operator who keeps callers from the survey (transfers
// them away, or hangs up in the first seconds so the rating is flagged and left out) would look
// no different. Answered calls come from cti's call records (calls.operator_id: the operator who
// talked with the caller last, whom the survey credits).

/** The operator hung up within this many seconds of talk: the survey's short-call threshold (start-app shortCallSeconds). */
export const EARLY_HANGUP_SECONDS = 10;

/** When an operator's pattern is flagged; rates are of answered calls, compared with the centre's. */
export const REACH_RULES = {
  /** Fewer answered calls than this: too few to flag anything. */
  minAnswered: 10,
  /** Transferred out: at least this rate, and at least twice the centre's. */
  transferRate: 0.2,
  /** Hung up early: at least this rate, and at least twice the centre's. */
  earlyHangupRate: 0.1,
  /** Reach at least this much (absolute) below the centre's. */
  reachBelowCentre: 0.2,
} as const;

export const REACH_FLAGS = {
  transfersOut: 'transfers-out',
  earlyHangups: 'early-hangups',
  lowReach: 'low-reach',
} as const;

export interface ReachCounts {
  /** Calls this operator answered (and talked in last). */
  answered: number;
  /** Surveys offered on those calls' operators' account (survey_responses credited to the operator). */
  offered: number;
  completed: number;
  /** Of the answered calls: ended by a transfer away from the operator. */
  transferredOut: number;
  /** Of the answered calls: the operator hung up within EARLY_HANGUP_SECONDS of talk. */
  earlyHangups: number;
}

export interface SurveyReach extends ReachCounts {
  /** offered ÷ answered; null with no answered call. */
  reachRate: number | null;
  transferRate: number | null;
  earlyHangupRate: number | null;
  flags: string[];
}

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Pure: rates and flags of one operator against the centre's totals. */
export function reachOf(c: ReachCounts, centre: ReachCounts): SurveyReach {
  const r: SurveyReach = {
    ...c,
    reachRate: rate(c.offered, c.answered),
    transferRate: rate(c.transferredOut, c.answered),
    earlyHangupRate: rate(c.earlyHangups, c.answered),
    flags: [],
  };
  if (c.answered < REACH_RULES.minAnswered) return r;
  const centreTransfer = rate(centre.transferredOut, centre.answered) ?? 0;
  const centreEarly = rate(centre.earlyHangups, centre.answered) ?? 0;
  const centreReach = rate(centre.offered, centre.answered) ?? 0;
  if (r.transferRate! >= Math.max(REACH_RULES.transferRate, 2 * centreTransfer)) r.flags.push(REACH_FLAGS.transfersOut);
  if (r.earlyHangupRate! >= Math.max(REACH_RULES.earlyHangupRate, 2 * centreEarly))
    r.flags.push(REACH_FLAGS.earlyHangups);
  if (r.reachRate! <= centreReach - REACH_RULES.reachBelowCentre) r.flags.push(REACH_FLAGS.lowReach);
  return r;
}
