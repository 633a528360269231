// The survey's public face (in progress: the rest of survey's exports move here).
export type { OperatorScore, ScoreBoard } from './survey-scores.ts';
export type { ScoreWeeks } from './score-weeks.ts';
