// Marks a survey response can carry (survey_responses.flags). Two kinds, because they mean
// different things to the ranking:
//  - suspect: the rating may not be a fair verdict on the credited operator, so the response is
//    kept and shown but left out of the Bayesian score and the rank;
//  - notes: what happened to the survey itself (caller left, ARI lost for a while); the answers
//    given are honest and count.

export const SUSPECT_FLAGS = {
  /** The operator hung up within the first seconds (ANSWEREDTIME below the threshold). */
  shortCall: 'short-call',
  /** The caller reached the survey without the operator hanging up on a queue call: a transfer into the survey, or Stasis arguments naming another member. */
  handTransfer: 'hand-transfer',
  /** The credited interface is no operator of ours. */
  unknownOperator: 'unknown-operator',
  /** cti137 had lost the live call (restart) and the call record never saw the operator's leg end. */
  unverified: 'unverified',
} as const;

export const NOTE_FLAGS = {
  callerLeft: 'caller-left',
  ivrError: 'ivr-error',
  ariReconnected: 'ari-reconnected',
} as const;

export const RANKING_EXCLUDED_FLAGS: readonly string[] = Object.values(SUSPECT_FLAGS);

export const RANKING_NOTE =
  'Responses flagged short-call, hand-transfer, unknown-operator or unverified are counted in responses and meanScore but excluded from bayesianScore, rankedResponses and rank.';

export interface SurveyCallFacts {
  /** How the last operator leg ended: 'agent-hangup' when the operator hung up (AgentComplete Reason: agent). */
  endReason: string | null;
  /** The member who talked with the caller last. */
  memberInterface: string | null;
  /** The facts come from the call record because the live call was gone. */
  fromRecord: boolean;
}

export interface SurveyFlagInput {
  facts: SurveyCallFacts;
  /** Stasis(cti137,survey,${MEMBERINTERFACE},${MEMBERNAME}) arguments after `survey`. */
  memberInterfaceArg: string;
  /** ANSWEREDTIME from the caller channel (talk time of the last Queue() leg), null if unknown. */
  answeredSeconds: number | null;
  shortCallSeconds: number;
  operatorKnown: boolean;
}

/** Pure: why this survey may not be a fair rating of the credited operator. */
export function surveyFlags(i: SurveyFlagInput): string[] {
  const flags: string[] = [];
  const byAgent = i.facts.endReason === 'agent-hangup';
  const argsMatch =
    i.memberInterfaceArg !== '' &&
    (i.facts.memberInterface === null || i.facts.memberInterface === i.memberInterfaceArg);
  if (!byAgent || !argsMatch) {
    // A record that never saw the operator's leg end (cti137 was down) proves nothing either way.
    flags.push(
      i.facts.fromRecord && i.facts.endReason === null ? SUSPECT_FLAGS.unverified : SUSPECT_FLAGS.handTransfer,
    );
  }
  if (i.answeredSeconds !== null && i.answeredSeconds < i.shortCallSeconds) flags.push(SUSPECT_FLAGS.shortCall);
  if (!i.operatorKnown) flags.push(SUSPECT_FLAGS.unknownOperator);
  return flags;
}
